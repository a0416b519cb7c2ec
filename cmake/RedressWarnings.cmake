# Warnings for our own targets only; third-party headers come in as system headers
# through imported targets, so -Werror never fires on them.
function(redress_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    -Wimplicit-fallthrough)
endfunction()
