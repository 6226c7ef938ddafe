#include "sim/drivers/sweep_mpi.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#ifdef BPSIM_WITH_MPI
#include <mpi.h>
#endif

namespace bpsim {

namespace {

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_string(std::string& out, const std::string& s) {
  put(out, static_cast<std::uint64_t>(s.size()));
  out += s;
}

void put_doubles(std::string& out, const std::vector<double>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

struct Reader {
  const std::string& s;
  std::size_t pos = 0;
  void need(std::size_t n) {
    if (pos + n > s.size()) throw std::runtime_error("truncated run record from an MPI worker");
  }
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, s.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
  std::string get_string() {
    const auto n = static_cast<std::size_t>(get<std::uint64_t>());
    need(n);
    std::string out = s.substr(pos, n);
    pos += n;
    return out;
  }
  std::vector<double> get_doubles() {
    const auto n = static_cast<std::size_t>(get<std::uint64_t>());
    need(n * sizeof(double));
    std::vector<double> v(n);
    if (n > 0) std::memcpy(v.data(), s.data() + pos, n * sizeof(double));
    pos += n * sizeof(double);
    return v;
  }
};

}  // namespace

std::string pack_record(const RunRecord& r) {
  std::string out;
  put(out, r.run);
  put(out, r.point);
  put(out, static_cast<std::int32_t>(r.replicate));
  put(out, r.seed);
  put(out, static_cast<std::uint8_t>(r.ok ? 1 : 0));
  put(out, r.wall_ms);
  put_string(out, r.error);
  put_string(out, r.worker);
  put_doubles(out, r.outcomes);
  put(out, static_cast<std::int32_t>(r.trajectory_every));
  put(out, static_cast<std::uint64_t>(r.trajectory.size()));
  for (const std::vector<double>& t : r.trajectory) put_doubles(out, t);
  return out;
}

RunRecord unpack_record(const std::string& bytes) {
  Reader in{bytes};
  RunRecord r;
  r.run = in.get<std::int64_t>();
  r.point = in.get<std::int64_t>();
  r.replicate = in.get<std::int32_t>();
  r.seed = in.get<std::uint64_t>();
  r.ok = in.get<std::uint8_t>() != 0;
  r.wall_ms = in.get<double>();
  r.error = in.get_string();
  r.worker = in.get_string();
  r.outcomes = in.get_doubles();
  r.trajectory_every = in.get<std::int32_t>();
  const auto n = in.get<std::uint64_t>();
  for (std::uint64_t k = 0; k < n; ++k) r.trajectory.push_back(in.get_doubles());
  if (in.pos != bytes.size()) throw std::runtime_error("malformed run record from an MPI worker");
  return r;
}

bool mpi_launched() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

#ifndef BPSIM_WITH_MPI

bool mpi_available() { return false; }

bool run_sweep_mpi(const SweepPlan&, const std::string&, const std::string&, int, int, bool) {
  throw std::runtime_error("this bpsim was built without MPI (CMake option BPSIM_MPI)");
}

#else

namespace {

constexpr int tag_work = 1;    // worker -> rank 0: finished records (none: first request)
constexpr int tag_assign = 2;  // rank 0 -> worker: run ids, none to stop

void send_bytes(const std::string& b, int dest, int tag) {
  MPI_Send(b.data(), static_cast<int>(b.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

std::string recv_bytes(int source, int tag, int& from) {
  MPI_Status st;
  MPI_Probe(source, tag, MPI_COMM_WORLD, &st);
  int n = 0;
  MPI_Get_count(&st, MPI_BYTE, &n);
  std::string b(static_cast<std::size_t>(n), '\0');
  MPI_Recv(b.data(), n, MPI_BYTE, st.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  from = st.MPI_SOURCE;
  return b;
}

bool coordinate(const SweepPlan& plan, const std::string& db_path, const std::string& shard_label, int shard,
                int shards, int size, bool quiet) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (const std::string w = sobol_samples_warning(plan.spec); !w.empty()) spdlog::warn("{}", w);
  SweepDb db = open_sweep_db(plan, db_path, shard_label);
  const std::vector<std::int64_t> todo = pending_runs(plan, db, shard, shards);
  if (!quiet) {
    fmt::print("sweep {} over MPI: {} ranks ({} workers), {} runs to do\n", plan.spec.file, size, size - 1,
               todo.size());
    std::fflush(stdout);
  }
  std::size_t next = 0;
  int active = size - 1;
  std::vector<RunRecord> batch;
  auto last_flush = Clock::now();
  std::int64_t failed = 0, received = 0;
  while (active > 0) {
    int from = 0;
    const std::string msg = recv_bytes(MPI_ANY_SOURCE, tag_work, from);
    // A message holds whole records, each prefixed by its length.
    Reader in{msg};
    while (in.pos < msg.size()) {
      batch.push_back(unpack_record(in.get_string()));
      if (!batch.back().ok) ++failed;
      ++received;
    }
    // Hand out runs in chunks (fewer round trips), smaller toward the end (balance).
    const std::size_t left = todo.size() - next;
    const std::size_t chunk = std::min<std::size_t>({left, 32, left / (2 * static_cast<std::size_t>(size - 1)) + 1});
    const std::vector<std::int64_t> assign(todo.begin() + static_cast<std::ptrdiff_t>(next),
                                           todo.begin() + static_cast<std::ptrdiff_t>(next + chunk));
    next += chunk;
    if (assign.empty()) --active;  // an empty assignment tells the worker to stop
    MPI_Send(assign.data(), static_cast<int>(assign.size()), MPI_INT64_T, from, tag_assign, MPI_COMM_WORLD);
    if (static_cast<int>(batch.size()) >= 256 ||
        (!batch.empty() && std::chrono::duration<double>(Clock::now() - last_flush).count() > 1.0)) {
      db.record(batch);
      batch.clear();
      last_flush = Clock::now();
    }
  }
  if (!batch.empty()) db.record(batch);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!quiet) {
    fmt::print("{} runs in {:.2f} s ({:.0f} runs/s on {} workers), {} failed; database: {}\n", received, secs,
               secs > 0 ? static_cast<double>(received) / secs : 0.0, size - 1, failed, db_path);
  }
  return failed == 0;
}

void work(const SweepPlan& plan, int rank) {
  const std::string worker = fmt::format("mpi-rank-{}", rank);
  std::string results;  // empty: the first request
  for (;;) {
    send_bytes(results, 0, tag_work);
    MPI_Status st;
    MPI_Probe(0, tag_assign, MPI_COMM_WORLD, &st);
    int n = 0;
    MPI_Get_count(&st, MPI_INT64_T, &n);
    std::vector<std::int64_t> runs(static_cast<std::size_t>(n));
    MPI_Recv(runs.data(), n, MPI_INT64_T, 0, tag_assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (runs.empty()) return;
    results.clear();
    for (const std::int64_t run : runs) {
      RunRecord rec = execute_run(plan, run);
      rec.worker = worker;
      put_string(results, pack_record(rec));
    }
  }
}

}  // namespace

bool mpi_available() { return true; }

bool run_sweep_mpi(const SweepPlan& plan, const std::string& db_path, const std::string& shard_label, int shard,
                   int shards, bool quiet) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  bool ok = true;
  try {
    if (size < 2) {
      throw std::runtime_error(
          "an MPI sweep needs at least 2 ranks (rank 0 records, the others run); "
          "without mpirun, bpsim sweep runs on threads");
    }
    if (rank == 0) ok = coordinate(plan, db_path, shard_label, shard, shards, size, quiet);
    else work(plan, rank);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: rank {}: {}\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Finalize();
  return ok;
}

#endif

}  // namespace bpsim
