# Unit tests of shared/.
echosniff_unit_test(test_args LIBS es_shared)
