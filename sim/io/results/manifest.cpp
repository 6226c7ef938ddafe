#include "sim/io/results/manifest.hpp"

#include "sim/io/fingerprint.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>

namespace bpsim {

namespace {

// Shell-quoted so the line can be pasted back into a terminal.
std::string shell_join(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& a : args) {
    if (!out.empty()) out += ' ';
    const bool plain =
        !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
                          std::string::npos;
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (const char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

nlohmann::ordered_json file_list(const std::vector<FileEntry>& files) {
  auto list = nlohmann::ordered_json::array();
  for (const FileEntry& f : files) list.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  return list;
}

void add_snapshots(nlohmann::ordered_json& j, const Manifest& m) {
  if (const auto& r = m.resumed_from) {
    j["resumed_from"] = {{"snapshot_file", r->snapshot_file},     {"snapshot_file_absolute", r->snapshot_file_absolute},
                         {"snapshot_sha256", r->snapshot_sha256}, {"tick", r->tick},
                         {"scenario_name", r->scenario_name},     {"scenario_sha256", r->scenario_sha256}};
  }
  if (m.snapshot) j["snapshot"] = {{"file", m.snapshot->file}, {"tick", m.snapshot->tick}};
}

nlohmann::ordered_json power_renormalised(const Manifest& m) {
  const auto or_null = [](bool given, auto value) {
    return given ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
  };
  return {{"ticks", m.power_renormalised_ticks},
          {"first_tick", or_null(m.power_renormalised_first_tick >= 0, m.power_renormalised_first_tick)},
          {"dimension", or_null(!m.power_renormalised_dimension.empty(), m.power_renormalised_dimension)}};
}

}  // namespace

FileEntry file_entry(const ResultFile& f) { return {f.name, f.bytes.size(), sha256_hex(f.bytes)}; }

void record_power_renormalisation(Manifest& m, const Scenario& sc, const PowerRenormalisation& r) {
  m.power_renormalised_ticks = r.ticks;
  m.power_renormalised_first_tick = r.first_tick;
  m.power_renormalised_dimension = r.first_dim >= 0 && r.first_dim < sc.n_cap()
                                       ? sc.capability_dims[static_cast<std::size_t>(r.first_dim)].name
                                       : "";
}

std::string utc_iso8601(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

ResultFile manifest_file(const Manifest& m, const std::vector<ResultFile>& files) {
  std::vector<FileEntry> entries;
  for (const ResultFile& f : files) entries.push_back(file_entry(f));
  return manifest_file(m, entries);
}

ResultFile manifest_file(const Manifest& m, const std::vector<FileEntry>& files) {
  nlohmann::ordered_json j;
  j["scenario_file"] = m.scenario_file;
  j["scenario_file_absolute"] = m.scenario_file_absolute;
  j["scenario_sha256"] = m.scenario_sha256;
  j["scenario_name"] = m.scenario_name;
  j["model"] = m.model;
  j["calendar"] = {{"tick_label", m.tick_label},
                   {"start", m.start ? nlohmann::ordered_json(*m.start) : nlohmann::ordered_json(nullptr)}};
  auto states = nlohmann::ordered_json::array();
  for (const auto& [id, name] : m.states) states.push_back({{"id", id}, {"name", name}});
  j["states"] = states;
  j["alignment_axes"] = m.alignment_axes;
  j["seed"] = m.seed;
  j["run"] = m.run;
  j["overrides"] = m.overrides;
  j["ticks"] = m.ticks;
  j["power_renormalised"] = power_renormalised(m);
  j["attribution"] = m.attribution;
  add_snapshots(j, m);
  j["bpsim_version"] = BPSIM_VERSION;
  j["git_rev"] = BPSIM_GIT_REV;
  j["started_utc"] = utc_iso8601(m.started);
  j["finished_utc"] = utc_iso8601(m.finished);
  j["wall_seconds"] = m.wall_seconds;
  j["world_hash"] = m.world_hash;
  j["files"] = file_list(files);
  j["command_line"] = shell_join(m.command_line);
  return {"manifest.json", j.dump(2) + "\n"};
}

}  // namespace bpsim
