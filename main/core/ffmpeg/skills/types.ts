// The api.Skills shape (what GET /api/v3/skills returns), field names exactly as Core's swagger.

export interface SkillsLibrary {
  name: string;
  compiled: string;
  linked: string;
}

export interface SkillsFFmpeg {
  version: string;
  compiler: string;
  configuration: string;
  libraries: SkillsLibrary[];
}

/** Used for filters, hwaccels, formats and protocols, which all are an id and a description. */
export interface SkillsEntry {
  id: string;
  name: string;
}

export interface SkillsCodec {
  id: string;
  name: string;
  encoders: string[];
  decoders: string[];
}

export interface SkillsCodecs {
  audio: SkillsCodec[];
  video: SkillsCodec[];
  subtitle: SkillsCodec[];
}

export interface SkillsHWDevice {
  id: string;
  name: string;
  extra: string;
  media: string;
}

export interface SkillsDevice {
  id: string;
  name: string;
  devices: SkillsHWDevice[];
}

export interface SkillsDevices {
  demuxers: SkillsDevice[];
  muxers: SkillsDevice[];
}

export interface SkillsFormats {
  demuxers: SkillsEntry[];
  muxers: SkillsEntry[];
}

export interface SkillsProtocols {
  input: SkillsEntry[];
  output: SkillsEntry[];
}

export interface Skills {
  ffmpeg: SkillsFFmpeg;
  filter: SkillsEntry[];
  hwaccels: SkillsEntry[];
  codecs: SkillsCodecs;
  devices: SkillsDevices;
  formats: SkillsFormats;
  protocols: SkillsProtocols;
}
