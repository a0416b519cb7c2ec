#include "store/sqlite/wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace redress::store::sqlite {

namespace {

constexpr sqlite3_int64 kLogHeaderBytes = 32;
constexpr sqlite3_int64 kFrameHeaderBytes = 24;
constexpr std::size_t kMaxGathered = 8u << 20;  // a bigger transaction is written out as it goes
// The default VFS writes at most 128 KiB - 1 bytes per call (it masks the length), so
// what is gathered is handed over in pieces of at most this.
constexpr std::size_t kMaxWrite = 31 * 4096;

std::uint32_t BigEndian32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// The page size a log's header names; 0 when the bytes are not a log header.
sqlite3_int64 PageSizeOfLog(const unsigned char* header) {
    const std::uint32_t magic = BigEndian32(header);
    if (magic != 0x377f0682 && magic != 0x377f0683) {
        return 0;
    }
    const std::uint32_t size = BigEndian32(header + 8);
    return size == 1 ? 65536 : size;  // 65536 does not fit the field's 16 bits
}

// The frames of one log file not yet handed to the file.
struct Gathered {
    std::vector<unsigned char> bytes;
    sqlite3_int64 at = 0;        // file offset of bytes[0]
    sqlite3_int64 page_size = 0;  // from the log's header; 0 until known
    bool page_follows = false;   // the last write was a gathered frame header; its page comes next

    sqlite3_int64 end() const { return at + static_cast<sqlite3_int64>(bytes.size()); }
    // `offset` is end() when anything is gathered (Write writes out first otherwise).
    void Append(const unsigned char* data, int amount, sqlite3_int64 offset) {
        if (bytes.empty()) {
            at = offset;
        }
        bytes.insert(bytes.end(), data, data + amount);
    }
    bool AtFrameStart(sqlite3_int64 offset) const {
        return page_size > 0 && offset >= kLogHeaderBytes &&
               (offset - kLogHeaderBytes) % (kFrameHeaderBytes + page_size) == 0;
    }
};

// What SQLite holds for a log file: plain data, the C++ state behind a pointer.
struct LogFile {
    sqlite3_file base;   // first, so that SQLite's pointer is this struct's
    sqlite3_file* real;  // the default VFS's file, in the same allocation
    Gathered* gathered;
};

LogFile* AsLog(sqlite3_file* file) {
    return reinterpret_cast<LogFile*>(file);
}

sqlite3_vfs* Base(sqlite3_vfs* vfs) {
    return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

// Hands what is gathered to the file, in one write.
int WriteOut(LogFile* f) {
    Gathered& g = *f->gathered;
    g.page_follows = false;
    if (g.bytes.empty()) {
        return SQLITE_OK;
    }
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < g.bytes.size() && rc == SQLITE_OK; done += kMaxWrite) {
        const std::size_t piece = std::min(kMaxWrite, g.bytes.size() - done);
        rc = f->real->pMethods->xWrite(f->real, g.bytes.data() + done, static_cast<int>(piece),
                                       g.at + static_cast<sqlite3_int64>(done));
    }
    g.bytes.clear();
    return rc;
}

// The page size from the log's header on disk, for a log this connection did not start.
void LearnPageSize(LogFile* f) {
    unsigned char header[kLogHeaderBytes];
    if (f->real->pMethods->xRead(f->real, header, sizeof header, 0) != SQLITE_OK) {
        return;
    }
    f->gathered->page_size = PageSizeOfLog(header);
}

int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    LogFile* f = AsLog(file);
    Gathered& g = *f->gathered;
    const auto* bytes = static_cast<const unsigned char*>(data);
    if (!g.bytes.empty() && (offset != g.end() || g.bytes.size() + static_cast<std::size_t>(amount) > kMaxGathered)) {
        if (int rc = WriteOut(f); rc != SQLITE_OK) {
            return rc;
        }
    }
    if (offset == 0 && amount >= kLogHeaderBytes && PageSizeOfLog(bytes) != 0) {
        g.page_size = PageSizeOfLog(bytes);  // a new log's header
    } else if (g.page_size == 0 && offset >= kLogHeaderBytes) {
        LearnPageSize(f);
    }

    // Only frames that do not end a transaction are gathered: a header at a frame's start,
    // then exactly its page. A commit frame's header is written out at once with what is
    // gathered before it: its page may not follow (SQLite rewrites the headers of frames
    // it overwrote in the transaction, the commit frame's last), and nothing may wait in
    // memory once the commit is written. Anything else is written through.
    if (amount == kFrameHeaderBytes && g.AtFrameStart(offset)) {
        g.Append(bytes, amount, offset);
        if (BigEndian32(bytes + 4) != 0) {  // the database's size after a commit, else 0
            return WriteOut(f);
        }
        g.page_follows = true;
        return SQLITE_OK;
    }
    if (g.page_follows && amount == g.page_size && offset == g.end()) {
        g.Append(bytes, amount, offset);
        g.page_follows = false;
        return SQLITE_OK;
    }
    if (int rc = WriteOut(f); rc != SQLITE_OK) {
        return rc;
    }
    return f->real->pMethods->xWrite(f->real, data, amount, offset);
}

int Close(sqlite3_file* file) {
    LogFile* f = AsLog(file);
    int written = WriteOut(f);
    int closed = f->real->pMethods->xClose(f->real);
    delete f->gathered;
    f->gathered = nullptr;
    return written != SQLITE_OK ? written : closed;
}

// Every other method goes to the default VFS's file; those that look at the file's
// content or size write out what is gathered first, so that the file is whole then.
template <bool kWriteOutFirst, auto kMethod, class... Args>
int Forward(sqlite3_file* file, Args... args) {
    LogFile* f = AsLog(file);
    if constexpr (kWriteOutFirst) {
        if (int rc = WriteOut(f); rc != SQLITE_OK) {
            return rc;
        }
    }
    return (f->real->pMethods->*kMethod)(f->real, args...);
}

using M = sqlite3_io_methods;

// Version 1: a log file needs no shared memory and no memory mapping of its own.
const sqlite3_io_methods kLogMethods = {
    1,
    Close,
    Forward<true, &M::xRead, void*, int, sqlite3_int64>,
    Write,
    Forward<true, &M::xTruncate, sqlite3_int64>,
    Forward<true, &M::xSync, int>,
    Forward<true, &M::xFileSize, sqlite3_int64*>,
    Forward<false, &M::xLock, int>,
    Forward<false, &M::xUnlock, int>,
    Forward<false, &M::xCheckReservedLock, int*>,
    Forward<true, &M::xFileControl, int, void*>,
    Forward<false, &M::xSectorSize>,
    Forward<false, &M::xDeviceCharacteristics>,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// Offset of the default VFS's file inside ours, aligned for any type.
constexpr int kRealOffset =
    static_cast<int>((sizeof(LogFile) + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) * alignof(std::max_align_t));

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    sqlite3_vfs* base = Base(vfs);
    if ((flags & SQLITE_OPEN_WAL) == 0) {
        return base->xOpen(base, name, file, flags, out_flags);  // the default VFS's file as is
    }
    LogFile* f = AsLog(file);
    f->base.pMethods = nullptr;  // until open: SQLite must not call xClose on a failed open
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
    f->gathered = new (std::nothrow) Gathered;
    if (f->gathered == nullptr) {
        return SQLITE_NOMEM;
    }
    int rc = base->xOpen(base, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods != nullptr) {
            f->real->pMethods->xClose(f->real);
        }
        delete f->gathered;
        f->gathered = nullptr;
        return rc;
    }
    f->base.pMethods = &kLogMethods;
    return SQLITE_OK;
}

// The VFS's own methods are the default VFS's, called with the default VFS.
template <auto kMethod, class... Args>
auto ForwardVfs(sqlite3_vfs* vfs, Args... args) {
    return (Base(vfs)->*kMethod)(Base(vfs), args...);
}

using V = sqlite3_vfs;

}  // namespace

const char* BufferedWalVfs() {
    static sqlite3_vfs vfs = [] {
        sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
        sqlite3_vfs v{};
        v.iVersion = 2;
        v.szOsFile = kRealOffset + base->szOsFile;
        v.mxPathname = base->mxPathname;
        v.zName = "redress-gathered-log";
        v.pAppData = base;
        v.xOpen = Open;
        v.xDelete = ForwardVfs<&V::xDelete, const char*, int>;
        v.xAccess = ForwardVfs<&V::xAccess, const char*, int, int*>;
        v.xFullPathname = ForwardVfs<&V::xFullPathname, const char*, int, char*>;
        v.xDlOpen = ForwardVfs<&V::xDlOpen, const char*>;
        v.xDlError = ForwardVfs<&V::xDlError, int, char*>;
        v.xDlSym = ForwardVfs<&V::xDlSym, void*, const char*>;
        v.xDlClose = ForwardVfs<&V::xDlClose, void*>;
        v.xRandomness = ForwardVfs<&V::xRandomness, int, char*>;
        v.xSleep = ForwardVfs<&V::xSleep, int>;
        v.xCurrentTime = ForwardVfs<&V::xCurrentTime, double*>;
        v.xGetLastError = ForwardVfs<&V::xGetLastError, int, char*>;
        v.xCurrentTimeInt64 = ForwardVfs<&V::xCurrentTimeInt64, sqlite3_int64*>;
        return v;
    }();
    static const bool registered = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
    return registered ? vfs.zName : nullptr;
}

}  // namespace redress::store::sqlite
