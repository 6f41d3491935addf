// Damage for tests that read a broken store: noise written into the middle of every table file,
// which RocksDB's block checksums catch.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace resgraph::testing {

// Overwrites `span` bytes in the middle of every table file with noise; block checksums catch it.
inline void damage_tables(const std::string& store_dir, size_t span) {
  namespace fs = std::filesystem;
  std::mt19937 noise(7);
  size_t damaged = 0;
  for (const auto& f : fs::directory_iterator(store_dir)) {
    if (f.path().extension() != ".sst") continue;
    auto size = fs::file_size(f.path());
    std::fstream io(f.path(), std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(size / 2));
    for (size_t i = 0; i < span && size / 2 + i < size; ++i) io.put(static_cast<char>(noise()));
    ++damaged;
  }
  ASSERT_GT(damaged, 0u) << "no table file to damage";
}

}  // namespace resgraph::testing
