// One frame body in, one answer body out: the single boundary where every exception becomes an error answer.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "app/caller.hpp"
#include "app/config.hpp"
#include "error/host_error.hpp"
#include "handlers/context.hpp"
#include "store/vault.hpp"

namespace zcrm::app {

class Responder {
 public:
  Responder(std::optional<Caller> caller, std::filesystem::path state_dir);

  std::string Answer(std::string_view frame);

  // Answers from this vault instead of the state folder's (the fuzz target's in-memory vault).
  void UseVault(store::Vault vault) { vault_.emplace(std::move(vault)); }

 private:
  store::Vault& OpenVault();

  std::optional<Caller> caller_;
  std::filesystem::path state_dir_;
  std::optional<Config> config_;
  std::optional<HostError> config_error_;  // why config_ is empty, answered with its own code
  std::optional<store::Vault> vault_;      // opened on first use: hello needs no disk
  handlers::Context context_;
};

}  // namespace zcrm::app
