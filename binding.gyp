{
  "targets": [
    {
      "target_name": "ebt_native",
      "sources": [
        "native/addon.cc",
        "native/abi.cc",
        "native/bpf.cc",
        "native/child.cc",
        "native/perf.cc",
        "native/perfbuf.cc",
        "native/ringbuf.cc",
        "native/sys.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers"]
    }
  ]
}
