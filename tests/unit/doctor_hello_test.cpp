// The hello probe starts a host the way a browser does; stand-in hosts (shell scripts) answer, refuse, stay
// silent, print plain text or hang.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "doctor/hello_probe.hpp"
#include "support/temp_dir.hpp"
#include "text.hpp"

namespace zcrm::doctor {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::Cat;

constexpr const char* kOrigin = "chrome-extension://" ZCRM_TEST_CHROMIUM_ID "/";

class DoctorHello : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::MakeTempDir("/tmp/zcrm-doctor-test-XXXXXX");
    host_ = dir_ / "bin" / "host";
    fs::create_directories(host_.parent_path());
  }
  void TearDown() override { test_support::RemoveTree(dir_); }

  // A host script: `before` runs first, then it drains stdin and writes body as one native frame.
  void Host(const std::string& body, const std::string& before = "") {
    std::string header;
    const auto n = static_cast<unsigned>(body.size());
    for (unsigned shift = 0; shift < 32; shift += 8) {
      char octal[8];
      std::snprintf(octal, sizeof octal, "\\%03o", (n >> shift) & 0xffu);
      header += octal;
    }
    std::ofstream(host_) << "#!/bin/sh\n"
                         << before << "\ncat >/dev/null\nprintf '" << header << "%s' '" << body << "'\n";
    ::chmod(host_.c_str(), 0755);
  }
  Report Check(std::vector<std::string> extra = {kOrigin}, std::chrono::milliseconds timeout = 5000ms) {
    std::vector<std::string> argv{host_.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Report r;
    CheckHello(argv, timeout, dir_ / "config.json", "install.sh", "b", r);
    return r;
  }
  static std::string Slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_, host_;
};

TEST_F(DoctorHello, AnswerWithProtocolOnePasses) {
  Host(R"({"id":"doctor","ok":true,"protocol":1,"host_version":"9.9","caller":"chromium:x"})");
  const auto r = Check();
  ASSERT_FALSE(r.failed()) << r.findings().at(0).detail;
  EXPECT_NE(r.Find("b", "host.hello")->detail.find("9.9"), std::string::npos);
}

TEST_F(DoctorHello, StartsTheHostAsChromiumDoesInItsOwnFolder) {
  Host(R"({"ok":true,"protocol":1})", Cat("echo \"$#|$1|$(pwd)\" > '", (dir_ / "seen").string(), "'"));
  Check();
  EXPECT_EQ(Slurp(dir_ / "seen"), Cat("1|", kOrigin, "|", host_.parent_path().string(), "\n"));
}

TEST_F(DoctorHello, StartsTheHostAsFirefoxDoes) {
  Host(R"({"ok":true,"protocol":1})", Cat("echo \"$#|$1|$2\" > '", (dir_ / "seen").string(), "'"));
  Check({"/m/" ZCRM_TEST_HOST_NAME ".json", ZCRM_TEST_GECKO_ID});
  EXPECT_EQ(Slurp(dir_ / "seen"), "2|/m/" ZCRM_TEST_HOST_NAME ".json|" ZCRM_TEST_GECKO_ID "\n");
}

TEST_F(DoctorHello, ForbiddenNamesTheConfig) {
  Host(R"({"id":"doctor","ok":false,"error":{"code":"FORBIDDEN","message":"not allowed"}})");
  const auto report = Check();
  const auto* f = report.Find("b", "host.hello");
  EXPECT_EQ(f->status, Status::kFail);
  EXPECT_EQ(f->detail, "FORBIDDEN: not allowed");
  EXPECT_NE(f->fix.find((dir_ / "config.json").string()), std::string::npos) << f->fix;
}

TEST_F(DoctorHello, OtherProtocolVersion) {
  Host(R"({"ok":true,"protocol":2})");
  const auto report = Check();
  EXPECT_NE(report.Find("b", "host.hello")->detail.find("protocol 2"), std::string::npos);
}

TEST_F(DoctorHello, HostThatExitsSilentlyShowsItsErrorOutput) {
  std::ofstream(host_) << "#!/bin/sh\necho 'cannot load libsodium' >&2\nexit 3\n";
  ::chmod(host_.c_str(), 0755);
  const auto report = Check();
  const auto* f = report.Find("b", "host.hello");
  EXPECT_EQ(f->status, Status::kFail);
  EXPECT_NE(f->detail.find("status 3"), std::string::npos) << f->detail;
  EXPECT_NE(f->detail.find("cannot load libsodium"), std::string::npos) << f->detail;
}

TEST_F(DoctorHello, PlainTextOnStdoutIsNotAFrame) {
  std::ofstream(host_) << "#!/bin/sh\necho 'starting up...'\n";
  ::chmod(host_.c_str(), 0755);
  const auto report = Check();
  EXPECT_NE(report.Find("b", "host.hello")->detail.find("plain text"), std::string::npos);
}

TEST_F(DoctorHello, HangingHostIsKilledAtTheTimeout) {
  std::ofstream(host_) << "#!/bin/sh\nexec sleep 30\n";
  ::chmod(host_.c_str(), 0755);
  const auto start = std::chrono::steady_clock::now();
  const auto report = Check({kOrigin}, 300ms);
  const auto* f = report.Find("b", "host.hello");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_NE(f->detail.find("no answer within 300 ms"), std::string::npos) << f->detail;
}

TEST_F(DoctorHello, HostThatCannotBeStarted) {
  Host("{}");
  ::chmod(host_.c_str(), 0644);
  const auto report = Check();
  const auto* f = report.Find("b", "host.hello");
  EXPECT_EQ(f->status, Status::kFail);
  EXPECT_EQ(f->fix, Cat("chmod 755 '", host_.string(), "'"));
}

}  // namespace
}  // namespace zcrm::doctor
