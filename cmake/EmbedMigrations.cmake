# Embeds numbered .sql migration files (NNNN_name.sql) into a C++ source file as an
# array of {version, name, sql}, so the binary carries its schema.
# Usage: cmake -DDIR=<dir> -DOUT=<file.cpp> -DNAMESPACE=<ns> -P EmbedMigrations.cmake
file(GLOB files RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  string(REGEX MATCH "^([0-9]+)_(.*)\\.sql$" _ ${f})
  set(version ${CMAKE_MATCH_1})
  math(EXPR version "${version} + 0")
  set(name ${CMAKE_MATCH_2})
  file(READ ${DIR}/${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"redress_sql(${sql})redress_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR} by EmbedMigrations.cmake; edit the .sql files.\n#include \"store/migration.hpp\"\n\nnamespace ${NAMESPACE} {\n\nconst std::vector<redress::store::Migration>& Migrations() {\n    static const std::vector<redress::store::Migration> kMigrations = {\n${body}    };\n    return kMigrations;\n}\n\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
