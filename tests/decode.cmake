# The decoders (sniff/decode/): every layer, every truncation length, malformed input;
# each cut also goes through tracking and the packet list (test_dec_common.h), so these
# link the stages up to format.
foreach(t test_dec_tcp test_dec_link test_dec_ip test_checksum)
  echosniff_unit_test(${t} LIBS sniff_format)
endforeach()
