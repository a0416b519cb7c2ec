# REDRESS_SANITIZE=ON builds everything with ASan+UBSan; any report aborts the process,
# so a sanitizer finding fails the test that caused it.
option(REDRESS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(REDRESS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
