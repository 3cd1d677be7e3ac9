#!/bin/sh
# A fake ffmpeg that fails at once, for crash/reconnect cycle tests: a shell script, so a thousand runs cost
# milliseconds, not a Node start each. It prints a short banner and an error to stderr (the engine parses it)
# and exits with code 1 (state failed). Each run with an input (-i) appends one byte to $FAKE_FFMPEG_COUNTER
# when that is set, so the number of starts is the file's size. Calls without -i are the engine's capability
# probes (-version, -codecs, ...): they answer like a minimal build and exit 0.
case " $* " in
  *" -i "*) ;;
  *" -version "*) echo "ffmpeg version 4.0.2 Copyright (c) 2000-2018 the FFmpeg developers"; echo "configuration: --fake"; exit 0 ;;
  *) exit 0 ;;
esac
[ -n "$FAKE_FFMPEG_COUNTER" ] && printf x >> "$FAKE_FFMPEG_COUNTER"
echo "ffmpeg version 4.0.2 Copyright (c) 2000-2018 the FFmpeg developers" >&2
echo "testsrc: Input/output error" >&2
exit 1
