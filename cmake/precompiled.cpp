// The translation unit that builds the shared precompiled header (cmake/precompiled.cmake); it has no code.
