// Which rule set a scenario runs: the scenario's top-level `model:` key. v1 is the
// reference model of ../shared/MODEL.md, kept exactly so that old results stay
// reproducible (tests/scenarios/model_v1_test.cpp); v2 replaces its known artefacts
// (docs/ODD.md, "Model versions": what each change is, why, and the evidence). The loader,
// the scenario JSON, `bpsim schema`, `explain` and the manifest read the names here.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bpsim {

enum class ModelVersion { v1, v2 };

struct ModelVersionSpec {
  const char* name;  // as the scenario file writes it
  const char* doc;   // one line
};

inline constexpr std::array kModelVersions{
    ModelVersionSpec{.name = "v1",
                     .doc = "the reference model of MODEL.md, exactly (soft-bounded alignment, "
                            "clamped relations, threat from total power)"},
    ModelVersionSpec{.name = "v2",
                     .doc = "latent alignment a = tanh(z) with identity and noise on z, saturating "
                            "relation shocks, threat from the military balance, a target-directed "
                            "pivot, beta alone weighing direct threat, arms orders delivered with a "
                            "lag and dependence against total procurement (docs/ODD.md, Model versions)"},
};
inline constexpr ModelVersion kDefaultModel = ModelVersion::v1;

constexpr const char* model_name(ModelVersion m) { return kModelVersions[static_cast<std::size_t>(m)].name; }
constexpr std::optional<ModelVersion> parse_model(std::string_view s) {
  for (std::size_t k = 0; k < kModelVersions.size(); ++k)
    if (s == kModelVersions[k].name) return static_cast<ModelVersion>(k);
  return std::nullopt;
}
// "v1, v2": the names, for messages.
inline std::string model_names() {
  std::string out;
  for (const ModelVersionSpec& m : kModelVersions) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}
static_assert(parse_model("v2") == ModelVersion::v2, "kModelVersions must follow ModelVersion's order");

}  // namespace bpsim
