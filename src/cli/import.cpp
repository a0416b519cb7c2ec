#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "app/cfpb_import.hpp"
#include "app/clock.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

namespace redress::cli {

namespace {

// The file's bytes, mapped read-only for the import's lifetime.
class MappedFile {
public:
    explicit MappedFile(const std::string& path) {
        int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0) {
            throw std::runtime_error("cannot open " + path);
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            ::close(fd);
            throw std::runtime_error("cannot stat " + path);
        }
        size_ = static_cast<std::size_t>(st.st_size);
        if (size_ > 0) {
            data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        }
        ::close(fd);
        if (data_ == MAP_FAILED) {
            throw std::runtime_error("cannot map " + path);
        }
    }

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    ~MappedFile() {
        if (data_ != nullptr && data_ != MAP_FAILED) {
            ::munmap(data_, size_);
        }
    }

    std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

private:
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

// jemalloc (linked into release builds) hands freed pages back to the kernel as it goes.
// An import frees and allocates hundreds of megabytes a minute, and each page handed back
// is faulted in again when it is next used: that was a quarter of the import's CPU time.
// A batch job keeps its pages. Without jemalloc (sanitizer builds) there is nothing to set.
void KeepFreedPages() {
    using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
    auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
    if (mallctl == nullptr) {
        return;
    }
    ssize_t never = -1;
    unsigned arenas = 0;
    std::size_t size = sizeof arenas;
    mallctl("arenas.narenas", &arenas, &size, nullptr, 0);
    for (const char* kind : {"dirty", "muzzy"}) {
        std::string name = std::string("arenas.") + kind + "_decay_ms";  // arenas made later
        mallctl(name.c_str(), nullptr, nullptr, &never, sizeof never);
        for (unsigned arena = 0; arena < arenas; ++arena) {  // and those made already
            name = "arena." + std::to_string(arena) + "." + kind + "_decay_ms";
            mallctl(name.c_str(), nullptr, nullptr, &never, sizeof never);
        }
    }
}

}  // namespace

void AddImport(CLI::App& app) {
    auto* cmd = app.add_subcommand("import", "Import complaints from a CFPB CSV export (resumable)");
    static std::string db;
    static std::string file;
    static bool strict = false;
    static int chunk = 5000;
    AddDbOption(*cmd, db);
    cmd->add_option("file", file, "CFPB CSV file")->required()->check(CLI::ExistingFile);
    cmd->add_flag("--strict", strict, "Exit with status 2 when any row was rejected");
    cmd->add_option("--chunk", chunk, "Rows per transaction (the first from 256, doubling up to this)")->check(CLI::Range(1, 1000000));
    cmd->callback([] {
        KeepFreedPages();
        MappedFile mapped(file);
        // No card cache: nothing in this process reads the cards it writes.
        auto store = store::Open({db, 1, true, 0});
        bool tty = ::isatty(STDERR_FILENO) != 0;
        auto started = std::chrono::steady_clock::now();
        app::ImportOptions options;
        options.chunk_rows = chunk;
        options.rejected = [](std::size_t line, const std::string& message) {
            std::fprintf(stderr, "%s:%zu: rejected: %s\n", file.c_str(), line, message.c_str());
        };
        const std::size_t total = mapped.bytes().size();
        options.progress = [&](std::size_t done, const app::ImportCounts& counts) {
            if (!tty) {
                return;
            }
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::fprintf(stderr, "\r  %3.0f%%  %lld imported, %lld rejected, %.0f rows/s   ",
                         total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0,
                         static_cast<long long>(counts.imported), static_cast<long long>(counts.rejected),
                         seconds > 0 ? static_cast<double>(counts.rows) / seconds : 0.0);
            std::fflush(stderr);
        };
        auto result = app::ImportCfpb(*store, mapped.bytes(), file, app::SystemClock().Now(), options);
        if (tty) {
            std::fprintf(stderr, "\n");
        }
        if (!result) {
            throw std::runtime_error(result.error().message);
        }
        if (result->already_done) {
            std::cout << file << " was imported before; nothing to do\n";
            return;
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (result->resumed_from_line > 0) {
            std::cout << "resumed at line " << result->resumed_from_line << "\n";
        }
        std::printf("imported %lld complaints, rejected %lld rows, skipped %lld already registered, "
                    "in %.2f s (%.0f rows/s)\n",
                    static_cast<long long>(result->imported), static_cast<long long>(result->rejected),
                    static_cast<long long>(result->duplicates), seconds,
                    seconds > 0 ? static_cast<double>(result->rows) / seconds : 0.0);
        if (strict && result->rejected > 0) {
            throw ExitStatus{2};
        }
    });
}

}  // namespace redress::cli
