// A state folder holding a known token, account choice and budget use, and the check that a fresh, fault-free
// host still finds exactly that state: the "previous state intact" of every fault test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "fault_support.hpp"

namespace zcrm::fault {

inline constexpr const char* kSeedToken = "1000.seedfa0172b3c4d5e6f708192a3b4c5d6e7f8091.a1b2c3d4e5f60718";
inline constexpr const char* kSeedAccount = "4150868000000225013";

// Stores the seed into any state folder (also one on a tmpfs): token, account choice, one refresh
// reservation.
inline void Seed(StateDir& state) {
  const auto answers = AskFresh(state, {TokenStore(1, kSeedToken), AccountChoose(2, kSeedAccount, "Zylker"),
                                        BudgetReserve(3, "refresh")});
  for (const auto& answer : answers) ASSERT_EQ(ErrorCode(answer), "") << answer;
}

// A fresh host without faults sees the seed, unchanged; nothing half-written is left in the vault.
inline void ExpectSeedIntact(StateDir& state) {
  const auto answers =
      AskFresh(state, {Scoped("i1", "token.get"), Scoped("i2", "account.get"), BudgetGet("i3")});
  EXPECT_EQ(answers[0].value("access_token", ""), kSeedToken) << answers[0];
  EXPECT_EQ(answers[1].value("account", Json::object()).value("id", ""), kSeedAccount) << answers[1];
  EXPECT_EQ(answers[2].value("refresh", Json::object()).value("used", -1), 1) << answers[2];
  EXPECT_TRUE(TempFiles(state.path()).empty()) << "a failed write left a temp file behind";
}

class SeededFault : public ::testing::Test {
 protected:
  void SetUp() override { Seed(state_); }
  StateDir state_;
};

}  // namespace zcrm::fault
