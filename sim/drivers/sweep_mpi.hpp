// The MPI path of `bpsim sweep` (CMake option BPSIM_MPI): rank 0 owns the database and
// hands out runs one at a time to the other ranks as they ask for work (dynamic load
// balancing); each worker runs its run and sends the record back; rank 0 records them
// in batches, exactly as the threaded path does. The database is the same as a
// single-process sweep's. With one rank, the sweep runs on threads as usual.
#pragma once

#include "sim/drivers/sweep.hpp"

#include <functional>
#include <string>

namespace bpsim {

bool mpi_available();  // built with MPI
bool mpi_launched();   // started by mpirun/srun (Open MPI, PMI or PMIx in the environment)

// Runs the sweep over MPI ranks. Returns true when every run succeeded. Errors on any
// rank end all ranks (MPI_Abort) after printing the message.
bool run_sweep_mpi(const SweepPlan& plan, const std::string& db_path, const std::string& shard_label, int shard,
                   int shards, bool quiet);

// A RunRecord as bytes and back (what workers send to rank 0).
std::string pack_record(const RunRecord& r);
RunRecord unpack_record(const std::string& bytes);

}  // namespace bpsim
