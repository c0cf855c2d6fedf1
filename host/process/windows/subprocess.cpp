#include "process/subprocess.hpp"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "process/output_capture.hpp"

namespace zcrm::process {
namespace {

using Clock = std::chrono::steady_clock;

class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE h) : h_(h) {}
  Handle(Handle&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Close();
      h_ = std::exchange(other.h_, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { Close(); }
  HANDLE get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr && h_ != INVALID_HANDLE_VALUE; }
  void Close() {
    if (*this) ::CloseHandle(h_);
    h_ = nullptr;
  }

 private:
  HANDLE h_ = nullptr;
};

// One end for the child (inheritable), the other for us (not inherited, so the child's copy is the only one
// that keeps the pipe open and its exit ends our reads).
struct Pipe {
  Handle read_end, write_end;
  bool Open(bool child_reads) {
    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    HANDLE r = nullptr, w = nullptr;
    if (!::CreatePipe(&r, &w, &inherit, 0)) return false;
    read_end = Handle(r);
    write_end = Handle(w);
    return ::SetHandleInformation(child_reads ? w : r, HANDLE_FLAG_INHERIT, 0) != 0;
  }
};

// A thread of its own per pipe: anonymous pipes have no poll on Windows. Cancellable (CancelSynchronousIo)
// when the deadline passes while a grandchild still holds a pipe open.
class IoThread {
 public:
  explicit IoThread(std::function<void()> work) : work_(std::move(work)) {
    handle_ = Handle(::CreateThread(nullptr, 0, &IoThread::Start, this, 0, nullptr));
  }
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;
  ~IoThread() { JoinBy(Clock::now()); }
  HANDLE get() const { return handle_.get(); }
  explicit operator bool() const { return static_cast<bool>(handle_); }
  // Waits until deadline, then cancels the thread's blocked read or write until it ends.
  void JoinBy(Clock::time_point deadline) {
    if (!handle_) return;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    DWORD wait = left > 0 ? static_cast<DWORD>(left) : 0;
    while (::WaitForSingleObject(handle_.get(), wait) == WAIT_TIMEOUT) {
      ::CancelSynchronousIo(handle_.get());
      wait = 10;
    }
    handle_.Close();
  }

 private:
  static DWORD WINAPI Start(void* self) {
    static_cast<IoThread*>(self)->work_();
    return 0;
  }
  std::function<void()> work_;
  Handle handle_;
};

std::wstring Wide(std::string_view utf8) {
  if (utf8.empty()) return {};
  const int n = ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

// One argument quoted the way the C runtime's (and CommandLineToArgvW's) parser reads it back: backslashes
// are literal except before a quote, where each is doubled.
void AppendQuoted(std::wstring& line, const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    line += arg;
    return;
  }
  line += L'"';
  std::size_t backslashes = 0;
  for (const wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    line.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    line += c;
  }
  line.append(backslashes * 2, L'\\');
  line += L'"';
}

int ErrnoOf(DWORD error) {
  switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_DIRECTORY:
      return ENOENT;
    case ERROR_ACCESS_DENIED:
      return EACCES;
    case ERROR_BAD_EXE_FORMAT:
      return ENOEXEC;
    default:
      return EINVAL;
  }
}

// Starts the child with only the three pipe ends inherited (not the caller's own stdin/stdout, which a
// browser reads) and no console window. Returns the process handle, or sets start_errno.
Handle Spawn(const Command& command, HANDLE in, HANDLE out, HANDLE err, Outcome& outcome) {
  std::wstring line;
  for (const auto& arg : command.argv) {
    if (!line.empty()) line += L' ';
    AppendQuoted(line, Wide(arg));
  }
  std::wstring env_block;
  if (command.env) {
    for (const auto& entry : *command.env) env_block += Wide(entry) + L'\0';
    env_block += L'\0';
    if (command.env->empty()) env_block += L'\0';
  }
  HANDLE inherited[] = {in, out, err};
  SIZE_T size = 0;
  ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
  std::vector<unsigned char> list_memory(size);
  auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list_memory.data());
  if (!::InitializeProcThreadAttributeList(list, 1, 0, &size) ||
      !::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited, sizeof inherited,
                                   nullptr, nullptr)) {
    outcome.start_errno = EINVAL;
    return {};
  }
  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = in;
  startup.StartupInfo.hStdOutput = out;
  startup.StartupInfo.hStdError = err;
  startup.lpAttributeList = list;
  const std::wstring program = Wide(command.argv[0]);
  const std::wstring dir = command.working_dir.wstring();
  PROCESS_INFORMATION info{};
  const BOOL started =
      ::CreateProcessW(program.c_str(), line.data(), nullptr, nullptr, TRUE,
                       CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT,
                       command.env ? env_block.data() : nullptr, dir.empty() ? nullptr : dir.c_str(),
                       &startup.StartupInfo, &info);
  const DWORD error = ::GetLastError();
  ::DeleteProcThreadAttributeList(list);
  if (!started) {
    outcome.start_errno = ErrnoOf(error);
    return {};
  }
  ::CloseHandle(info.hThread);
  return Handle(info.hProcess);
}

void WriteAll(HANDLE pipe, std::span<const std::uint8_t> input, Outcome& outcome) {
  std::size_t fed = 0;
  while (fed < input.size()) {
    DWORD wrote = 0;
    const auto chunk = static_cast<DWORD>(std::min<std::size_t>(input.size() - fed, 64 * 1024));
    if (!::WriteFile(pipe, input.data() + fed, chunk, &wrote, nullptr)) break;
    fed += wrote;
  }
  if (fed < input.size()) outcome.input_refused = true;
}

void ReadStdout(HANDLE pipe, StdoutSink& sink) {
  while (true) {
    const auto room = sink.Room();
    DWORD got = 0;
    if (!::ReadFile(pipe, room.data(), static_cast<DWORD>(room.size()), &got, nullptr) || got == 0) return;
    sink.Took(got);
  }
}

void ReadStderr(HANDLE pipe, std::size_t bound, Outcome& outcome) {
  char buffer[1024];
  DWORD got = 0;
  while (::ReadFile(pipe, buffer, sizeof buffer, &got, nullptr) && got > 0) {
    KeepStderr(std::string_view(buffer, got), bound, outcome);
  }
}

}  // namespace

Outcome Run(const Command& command) {
  Outcome outcome;
  if (command.argv.empty()) {
    outcome.start_errno = EINVAL;
    return outcome;
  }
  Pipe in, out, err;
  if (!in.Open(true) || !out.Open(false) || !err.Open(false)) {
    outcome.start_errno = EMFILE;
    return outcome;
  }
  const Handle child = Spawn(command, in.read_end.get(), out.write_end.get(), err.write_end.get(), outcome);
  if (!child) return outcome;
  outcome.ending = Ending::kExited;
  in.read_end.Close();
  out.write_end.Close();
  err.write_end.Close();

  const auto deadline = Clock::now() + command.deadline;
  StdoutSink sink{command, outcome};
  // Each thread touches its own fields of outcome; all are joined before outcome is read.
  IoThread writer([&] {
    WriteAll(in.write_end.get(), command.input, outcome);
    in.write_end.Close();
  });
  IoThread stdout_reader([&] { ReadStdout(out.read_end.get(), sink); });
  IoThread stderr_reader([&] { ReadStderr(err.read_end.get(), command.max_stderr, outcome); });
  if (!writer || !stdout_reader || !stderr_reader) {
    ::TerminateProcess(child.get(), 1);
  }
  // Done when the child has exited and closed its output, as on POSIX; else killed at the deadline.
  const HANDLE waits[] = {child.get(), stdout_reader.get(), stderr_reader.get()};
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(command.deadline).count();
  if (::WaitForMultipleObjects(3, waits, TRUE, static_cast<DWORD>(left)) == WAIT_TIMEOUT) {
    outcome.ending = Ending::kTimedOut;
    ::TerminateProcess(child.get(), 1);
    ::WaitForSingleObject(child.get(), INFINITE);
  }
  writer.JoinBy(deadline);
  stdout_reader.JoinBy(deadline);
  stderr_reader.JoinBy(deadline);
  if (outcome.ending == Ending::kTimedOut) return outcome;
  DWORD code = 0;
  ::GetExitCodeProcess(child.get(), &code);
  outcome.exit_code = static_cast<int>(code);
  return outcome;
}

}  // namespace zcrm::process
