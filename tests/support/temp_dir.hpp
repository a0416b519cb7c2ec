#pragma once

#include <filesystem>
#include <string>

namespace redress::test {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::filesystem::path& path() const { return path_; }

    std::string File(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// The committed CFPB sample (data/cfpb/complaints.csv).
std::string CfpbSamplePath();

// Reads a whole file.
std::string ReadFile(const std::string& path);

}  // namespace redress::test
