// Core's skills tests (ffmpeg/skills/*_test.go) replayed against the skills parsers.
import { describe, expect, test } from 'vitest';
import { parseALSACards, parseALSADevices } from '../../../main/core/ffmpeg/skills/alsa.js';
import { parseAvfoundationDevices } from '../../../main/core/ffmpeg/skills/avfoundation.js';
import { parseCodecs } from '../../../main/core/ffmpeg/skills/codecs.js';
import { parseFilters } from '../../../main/core/ffmpeg/skills/filters.js';
import { parseFormats } from '../../../main/core/ffmpeg/skills/formats.js';
import { parseFramebufferDevice } from '../../../main/core/ffmpeg/skills/framebuffer.js';
import { parseHWAccels } from '../../../main/core/ffmpeg/skills/hwaccels.js';
import { parseProtocols } from '../../../main/core/ffmpeg/skills/protocols.js';
import { parseV4LDevices } from '../../../main/core/ffmpeg/skills/v4l2.js';
import { parseVersion } from '../../../main/core/ffmpeg/skills/version.js';
import { goldenExpected, goldenText } from './fixtureFiles.js';

describe('ffmpeg -version', () => {
  test.each(['skills_TestPatchVersion', 'skills_TestMinorVersion', 'skills_TestCustomVersion'])('%s', (name) => {
    expect(parseVersion(goldenText(name))).toEqual(goldenExpected(name).expected);
  });
});

test('skills_TestCodecs', () => {
  const { expected } = goldenExpected('skills_TestCodecs');
  // Go's nil slice (no subtitle codecs) is what the API renders as an empty list (http/api/skills.go uses make).
  expect(parseCodecs(goldenText('skills_TestCodecs'))).toEqual({ ...expected, subtitle: expected.subtitle ?? [] });
});

test.each([
  ['skills_TestFilters', parseFilters],
  ['skills_TestFormats', parseFormats],
  ['skills_TestProtocols', parseProtocols],
  ['skills_TestHWAccels', parseHWAccels],
] as const)('%s', (name, parse) => {
  expect(parse(goldenText(name))).toEqual(goldenExpected(name).expected);
});

describe('devices', () => {
  test('skills_TestALSACards', () => {
    const { expected, empty_input_expected } = goldenExpected('skills_TestALSACards');
    expect(parseALSACards(goldenText('skills_TestALSACards'))).toEqual(expected);
    expect(parseALSACards('')).toEqual(empty_input_expected);
  });

  test('skills_TestALSADevices', () => {
    const { cards, expected, empty_input_expected } = goldenExpected('skills_TestALSADevices');
    expect(parseALSADevices(goldenText('skills_TestALSADevices'), cards)).toEqual(expected);
    expect(parseALSADevices('', [])).toEqual(empty_input_expected);
  });

  test.each([
    ['skills_TestAvfoundationDevices', parseAvfoundationDevices],
    ['skills_TestV4LDevices', parseV4LDevices],
  ] as const)('%s', (name, parse) => {
    const { expected, empty_input_expected } = goldenExpected(name);
    expect(parse(goldenText(name))).toEqual(expected);
    expect(parse('')).toEqual(empty_input_expected);
  });

  test.each([
    'skills_TestFramebufferDevices_1',
    'skills_TestFramebufferDevices_2',
    'skills_TestFramebufferDevices_3',
    'skills_TestFramebufferDevices_4',
  ])('%s', (name) => {
    const { expected, empty_input_expected } = goldenExpected(name);
    expect(parseFramebufferDevice(goldenText(name))).toBe(expected);
    expect(parseFramebufferDevice('')).toBe(empty_input_expected);
  });
});
