#include "sim/io/results/csv.hpp"

#include "analysis/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace bpsim {

namespace {

enum FileIndex : std::size_t { kStates, kDyads, kWorld, kEvents, kAttribution };

// The longest shortest-round-trip double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kNumberChars = 32;

// Writes the finite x into p exactly as fmt 9's "{}" does, without its general float
// machinery (specs, locale, grouping: most of the cost of a result file): the same
// shortest round-trip digits (Dragonbox), exponent form when the decimal exponent is
// below -4 or at least 16, then "e+NN"/"e-NNN" with at least two digits.
char* format_number(char* p, double x) {
  if (std::signbit(x)) *p++ = '-';
  x = std::fabs(x);
  const auto dec = fmt::detail::dragonbox::to_decimal(x);
  const fmt::format_int digits(dec.significand);
  const char* d = digits.data();
  const int n = static_cast<int>(digits.size());
  const int exp10 = dec.exponent + n - 1;  // of the first digit
  if (exp10 < -4 || exp10 >= 16) {
    *p++ = d[0];
    if (n > 1) {
      *p++ = '.';
      p = std::copy(d + 1, d + n, p);
    }
    *p++ = 'e';
    *p++ = exp10 < 0 ? '-' : '+';
    const fmt::format_int e(exp10 < 0 ? -exp10 : exp10);
    if (e.size() < 2) *p++ = '0';
    return std::copy(e.data(), e.data() + e.size(), p);
  }
  if (dec.exponent >= 0) {  // 1234e2 -> 123400
    p = std::copy(d, d + n, p);
    return std::fill_n(p, dec.exponent, '0');
  }
  if (exp10 >= 0) {  // 1234e-2 -> 12.34
    p = std::copy(d, d + exp10 + 1, p);
    *p++ = '.';
    return std::copy(d + exp10 + 1, d + n, p);
  }
  *p++ = '0';  // 1234e-6 -> 0.001234
  *p++ = '.';
  p = std::fill_n(p, -exp10 - 1, '0');
  return std::copy(d, d + n, p);
}

void append_int(std::string& out, long long x) {
  const fmt::format_int s(x);
  out.append(s.data(), s.size());
}

}  // namespace

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_number(double x) {
  char buf[kNumberChars];
  return std::isfinite(x) ? std::string(buf, format_number(buf, x)) : std::string();
}

void append_csv_number(std::string& out, double x) {
  char buf[kNumberChars + 1];
  buf[0] = ',';
  char* end = std::isfinite(x) ? format_number(buf + 1, x) : buf + 1;
  out.append(buf, end);
}

std::string csv_header(const std::string& keys, const std::vector<std::string>& cols) {
  std::string h = keys;
  for (const std::string& c : cols) h += "," + csv_field(c);
  return h + "\n";
}

std::string states_header(const Scenario& sc) { return csv_header("tick,state", state_value_columns(sc)); }

std::string dyads_header() { return csv_header("tick,a,b", dyad_value_columns()); }

std::string world_header() { return csv_header("tick", world_value_columns()); }

std::string events_header() { return "tick,kind,actors,detail\n"; }

std::string attribution_header() { return "tick,state,mechanism,d_alignment,d_power\n"; }

CsvRecorder::CsvRecorder(const Scenario& sc, bool attribution) : attribution_(attribution) {
  for (const std::string& id : sc.state_ids) ids_.push_back(csv_field(id));
  out_ = {{"states.csv", states_header(sc)},
          {"dyads.csv", dyads_header()},
          {"world.csv", world_header()},
          {"events.csv", events_header()}};
  if (attribution_) out_.push_back({"attribution.csv", attribution_header()});
}

CsvRecorder::CsvRecorder(const Scenario& sc, bool attribution, ChunkSink& sink, std::size_t chunk_bytes)
    : CsvRecorder(sc, attribution) {
  sink_ = &sink;
  chunk_ = chunk_bytes;
  hand_on(1);  // the headers: every file begins now, in the fixed order
}

void CsvRecorder::observe(const TickView& v) {
  add_states(v);
  add_dyads(v);
  add_world(v);
  if (v.last) add_events(v);
  if (attribution_ && v.attribution) add_attribution(v);
  if (sink_) hand_on(chunk_);
}

// Each file whose rows hold at least `at_least` bytes goes to the sink; its buffer
// keeps its capacity, so a streamed run allocates nothing after the first chunks.
void CsvRecorder::hand_on(std::size_t at_least) {
  for (Out& o : out_) {
    if (o.bytes.empty() || o.bytes.size() < at_least) continue;
    sink_->append(o.name, o.bytes);
    o.bytes.clear();
  }
}

void CsvRecorder::finish() {
  if (sink_) hand_on(1);
}

namespace {

void append_values(std::string& out, const std::vector<double>& values) {
  // Formats straight into out's storage (no copy per number): room for the widest
  // row first, then cut to what was written.
  const std::size_t at = out.size();
  out.resize(at + values.size() * (kNumberChars + 1) + 1);
  char* const begin = out.data();
  char* p = begin + at;
  for (const double x : values) {
    *p++ = ',';
    if (std::isfinite(x)) p = format_number(p, x);
  }
  *p++ = '\n';
  out.resize(static_cast<std::size_t>(p - begin));
}

}  // namespace

void CsvRecorder::add_states(const TickView& v) {
  std::string& out = out_[kStates].bytes;
  for (int i = 0; i < v.sc.n_states(); ++i) {
    append_int(out, v.w.tick);
    out += ',';
    out += ids_[static_cast<std::size_t>(i)];
    row_.clear();
    append_state_row(v, i, row_);
    append_values(out, row_);
  }
}

void CsvRecorder::add_dyads(const TickView& v) {
  std::string& out = out_[kDyads].bytes;
  for (const auto& [a, b] : v.sc.watch) {
    append_int(out, v.w.tick);
    out += ',';
    out += ids_[static_cast<std::size_t>(a)];
    out += ',';
    out += ids_[static_cast<std::size_t>(b)];
    row_.clear();
    append_dyad_row(v, a, b, row_);
    append_values(out, row_);
  }
}

void CsvRecorder::add_world(const TickView& v) {
  std::string& out = out_[kWorld].bytes;
  append_int(out, v.w.tick);
  row_.clear();
  append_world_row(v, row_);
  append_values(out, row_);
}

// The record's own tick: the tick the event was scheduled at (it acted in the step
// that produced v.w.tick = record tick + 1), matching `at:`/`from:` in the scenario.
void CsvRecorder::add_events(const TickView& v) {
  auto out = std::back_inserter(out_[kEvents].bytes);
  for (const EventRecord& e : v.last->log) {
    fmt::format_to(out, "{},{},{},{}\n", e.tick, csv_field(e.kind), csv_field(e.actors), csv_field(e.detail));
  }
}

// An attribution value that is not finite (a mechanism's change overflowing) is an
// empty field, as everywhere else.
void CsvRecorder::add_attribution(const TickView& v) {
  std::string& out = out_[kAttribution].bytes;
  const Attribution& at = *v.attribution;
  for (Eigen::Index i = 0; i < at.d_alignment.rows(); ++i) {
    for (int m = 0; m < n_mechanisms; ++m) {
      append_int(out, v.w.tick);
      out += ',';
      out += ids_[static_cast<std::size_t>(i)];
      out += ',';
      out += mechanism_name(static_cast<Mechanism>(m));
      append_csv_number(out, at.d_alignment(i, m));
      append_csv_number(out, at.d_power(i, m));
      out += '\n';
    }
  }
}

std::vector<ResultFile> CsvRecorder::files() const {
  std::vector<ResultFile> files;
  for (const Out& o : out_) files.push_back({o.name, o.bytes});
  return files;
}

std::vector<std::string> CsvRecorder::file_names() const {
  std::vector<std::string> names;
  for (const Out& o : out_) names.push_back(o.name);
  return names;
}

std::size_t CsvRecorder::buffered_bytes() const {
  std::size_t n = 0;
  for (const Out& o : out_) n += o.bytes.size();
  return n;
}

}  // namespace bpsim
