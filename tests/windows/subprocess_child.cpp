// The child the Windows subprocess tests start (subprocess_test.cpp): what it does is named by its first
// argument, so each test sees a real program's pipes, exit code and hang.
//   echo        copies stdin to stdout, then writes "to stderr" to stderr
//   args        writes each further argument on a line of its own
//   exit N      exits with status N
//   flood N     writes N bytes of 'x' to stdout
//   hang        never exits (until killed)
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  _setmode(_fileno(stdout), _O_BINARY);  // "\n" stays one byte, as the tests expect
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "echo") {
    int c;
    while ((c = std::getchar()) != EOF) std::putchar(c);
    std::fputs("to stderr", stderr);
    return 0;
  }
  if (what == "args") {
    for (int i = 2; i < argc; ++i) std::printf("%s\n", argv[i]);
    return 0;
  }
  if (what == "exit" && argc > 2) return std::atoi(argv[2]);
  if (what == "flood" && argc > 2) {
    const std::string chunk(1000, 'x');
    for (long left = std::atol(argv[2]); left > 0; left -= 1000) {
      std::fwrite(chunk.data(), 1, static_cast<std::size_t>(left < 1000 ? left : 1000), stdout);
    }
    return 0;
  }
  if (what == "hang") ::Sleep(INFINITE);
  return 99;
}
