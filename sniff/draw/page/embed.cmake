# embed.cmake: writes page_assets.c, the page's renderer and style as C arrays, at build
# time (cmake -DOUT=FILE -DJS=page.js -DCSS=page.css -P embed.cmake). Arrays of bytes,
# not string literals: C17 promises string literals of 4095 bytes only.
function(embed name file)
  file(READ ${file} hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR bytes "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" arr "${arr}")
  file(APPEND ${OUT} "const char ${name}[] = {\n${arr}0};\nconst size_t ${name}_len = ${bytes};\n")
endfunction()
file(WRITE ${OUT} "/* page_assets.c: made by sniff/draw/page/embed.cmake from page.js and page.css; do not edit. */\n#include \"page.h\"\n")
embed(page_js ${JS})
embed(page_css ${CSS})
