#pragma once

// A VFS over SQLite's default one that writes the write-ahead log in fewer, larger writes.
//
// SQLite writes each page of a commit to the log as two writes, a 24-byte frame header
// and the page: a registration batch of ~100 pages made ~200 `pwrite` calls, most of
// the writer's kernel time. Through this VFS the frames of a transaction are gathered in
// memory and handed to the file in a few large writes together with the commit frame's
// header (the one that names the database size) — before SQLite publishes the commit to
// other connections, so a reader never sees a frame that is not in the file, and nothing
// of a written commit waits in memory. Anything else done to the log (a read, a sync, a
// truncate, a write out of order) first writes out what is gathered. Every other file
// passes straight through to the default VFS.

namespace redress::store::sqlite {

// The VFS's name for sqlite3_open_v2; registered (not as the default) on first call.
const char* BufferedWalVfs();

}  // namespace redress::store::sqlite
