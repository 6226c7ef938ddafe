#include "sim/io/fingerprint.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace bpsim {

namespace {

std::string hex_digest(const unsigned char* md, unsigned int len) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex_digest(md, len);
}

struct Sha256::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  if (ctx_->md == nullptr || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size()) != 1) throw std::runtime_error("SHA-256 failed");
}

std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, md, &len) != 1) throw std::runtime_error("SHA-256 failed");
  return hex_digest(md, len);
}

// Streamed: a snapshot of a large scenario is hashed in 64 KiB pieces, not read whole.
std::string file_sha256(const std::string& path, std::string_view what, std::size_t limit) {
  Sha256 sha;
  read_input_chunks(path, what, limit, [&](std::string_view part) { sha.update(part); });
  return sha.hex();
}

static void append_matrix(std::string& buf, const Eigen::MatrixXd& m) {
  const auto rows = static_cast<std::int64_t>(m.rows()), cols = static_cast<std::int64_t>(m.cols());
  buf.append(reinterpret_cast<const char*>(&rows), sizeof rows);
  buf.append(reinterpret_cast<const char*>(&cols), sizeof cols);
  buf.append(reinterpret_cast<const char*>(m.data()), sizeof(double) * static_cast<std::size_t>(m.size()));
}

std::string world_hash(const World& w) {
  std::string buf;
  const std::int64_t head[3] = {w.tick, static_cast<std::int64_t>(w.seed), static_cast<std::int64_t>(w.run)};
  buf.append(reinterpret_cast<const char*>(head), sizeof head);
  append_matrix(buf, w.capability);
  append_matrix(buf, w.alignment);
  append_matrix(buf, w.relations);
  // A channel only where it holds a share: one without any is the same state as no channel,
  // so adding a rule kind with its own channel leaves the hash of every world that does not
  // use it unchanged.
  for (const Eigen::MatrixXd& d : w.dependence)
    if ((d.array() != 0.0).any()) append_matrix(buf, d);
  if (w.orders.size() != 0) append_matrix(buf, w.orders);  // model v2's order book (none in v1)
  return sha256_hex(buf);
}

}  // namespace bpsim
