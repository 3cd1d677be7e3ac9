# libsrt N-API binding for the built-in SRT server (see src/srt_binding.cc); built by scripts/build-srt.mjs.
{
  "targets": [
    {
      "target_name": "srt",
      "sources": ["src/srt_binding.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter", "<!@(pkg-config --cflags srt)"],
      "libraries": ["<!@(pkg-config --libs srt)"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CFLAGS": ["<!@(pkg-config --cflags srt)"]
      }
    }
  ]
}
