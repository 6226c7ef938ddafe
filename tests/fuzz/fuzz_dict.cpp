// Writes the libFuzzer dictionary of the scenario and sweep targets: the loader's own
// tables (every parameter and trait name, sim/model/tables.hpp) plus every map key and
// word-like scalar of the YAML files given (the seed corpus: scenarios/, tests/data/), and
// the YAML tokens that change how a document is read (anchors, aliases, merge keys, tags,
// several documents). Usage: bpsim_fuzz_dict OUT.dict FILE_OR_DIR...
#include "sim/model/tables.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

namespace {

bool word_like(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (const char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return std::isalpha(static_cast<unsigned char>(s[0])) != 0;
}

void collect(const YAML::Node& n, std::set<std::string>& words) {
  if (n.IsScalar() && word_like(n.Scalar())) words.insert(n.Scalar());
  if (n.IsSequence())
    for (const auto& c : n) collect(c, words);
  if (n.IsMap())
    for (const auto& kv : n) {
      collect(kv.first, words);
      collect(kv.second, words);
    }
}

void collect_file(const std::filesystem::path& p, std::set<std::string>& words) {
  if (p.extension() != ".yaml") return;
  try {
    for (const auto& doc : YAML::LoadAllFromFile(p.string())) collect(doc, words);
  } catch (const YAML::Exception&) {  // the broken examples: their words still come from the rest
  }
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bpsim_fuzz_dict OUT.dict FILE_OR_DIR...\n";
    return 2;
  }
  std::set<std::string> words{"growth", "incident_mode"};
  for (const auto& p : bpsim::kParams) words.insert(p.name);
  for (const auto& t : bpsim::kTraits) words.insert(t.name);
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path root(argv[i]);
    if (std::filesystem::is_directory(root)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(root)) collect_file(e.path(), words);
    } else {
      collect_file(root, words);
    }
  }
  std::ofstream out(argv[1]);
  for (const char* tok : {"---", "...", "&a ", "*a", "<<: ", "!!str ", "!!map ", "? ",    ": ",   "- ",      "{",
                          "}",   "[",   "]",   "~",  ".nan", ".inf",   "-.inf",  "1e308", "-0.0", "4.9e-324"})
    out << quoted(tok) << "\n";
  for (const auto& w : words) out << quoted(w) << "\n";
  std::cout << "bpsim_fuzz_dict: " << words.size() << " words into " << argv[1] << "\n";
  return out ? 0 : 1;
}
