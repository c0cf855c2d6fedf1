/* The floor: the least a native messaging host can do. Reads one frame (u32 native-order length + body) from
 * stdin, writes it back unchanged to stdout, and loops until EOF. No JSON, no allocation, libc only.
 * The same source is the Windows floor (bench/windows/cold-hello.sh cross-builds it with mingw-w64). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#define MAX_FRAME (1u << 20)

static char frame[4 + MAX_FRAME];

/* 1: all n bytes read; 0: EOF or error first. */
static int read_fully(char* p, size_t n) {
  while (n > 0) {
    ssize_t got = read(STDIN_FILENO, p, n);
    if (got > 0) {
      p += got;
      n -= (size_t)got;
    } else if (got < 0 && errno == EINTR) {
      continue;
    } else {
      return 0;
    }
  }
  return 1;
}

static int write_fully(const char* p, size_t n) {
  while (n > 0) {
    ssize_t put = write(STDOUT_FILENO, p, n);
    if (put > 0) {
      p += put;
      n -= (size_t)put;
    } else if (put < 0 && errno == EINTR) {
      continue;
    } else {
      return 0;
    }
  }
  return 1;
}

int main(void) {
#ifdef _WIN32
  /* The C runtime opens stdin and stdout in text mode: a 0x0A byte of a length would become 0x0D 0x0A. */
  if (_setmode(STDIN_FILENO, _O_BINARY) == -1 || _setmode(STDOUT_FILENO, _O_BINARY) == -1) return 2;
#endif
  for (;;) {
    uint32_t len;
    if (!read_fully(frame, 4)) return 0;
    memcpy(&len, frame, 4);
    if (len > MAX_FRAME) return 2;
    if (!read_fully(frame + 4, len)) return 2;
    /* Header and body leave in one write, as the host does. */
    if (!write_fully(frame, 4 + (size_t)len)) return 0;
  }
}
