# The display filter (sniff/filter/).
echosniff_unit_test(test_dfilter LIBS sniff_filter)
