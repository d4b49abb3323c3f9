# The pictures (sniff/draw/): ladders, stream graphs, figures and the class page.
#   test_ladder        the ladder in a terminal at every width, its labels and states, a
#                      frame range, bounds; graph series merging; SVG escaping (unit)
#   test_pictures      figures of every capture: SVG parsed by python3's XML parser and
#                      its arrows counted against the packets; PDF and PNG opened (poppler,
#                      zlib) with the sizes asked for and checked not blank; usage errors
#   test_graph_points  the graphs' data on scripted connections with known
#                      retransmissions and windows (gen_tcp_cases -g) equals what the
#                      scripts imply, then the drawing of it
#   test_page          the page: its data against -T json and against tshark's byte
#                      ranges (PDML); --redact/--anonymize leave no original byte in it
#   test_page_browser  the page in headless Chromium: no console error, no request,
#                      fields and bytes linked, arrows select packets, keys, search
#   test_doc_pictures  README's pictures (docs/pictures/) are what this build draws
# Scripts exit 77 (skipped) when a tool they need is missing.
echosniff_unit_test(test_ladder LIBS sniff_draw sniff_track)
add_test(NAME test_pictures
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_pictures.sh $<TARGET_FILE:sniff>)
add_test(NAME test_graph_points
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_graph_points.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_tcp_cases>)
add_test(NAME test_page
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_page.sh $<TARGET_FILE:sniff>)
add_test(NAME test_page_browser
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_page_browser.sh $<TARGET_FILE:sniff>)
add_test(NAME test_doc_pictures
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_doc_pictures.sh ${CMAKE_BINARY_DIR})
set_tests_properties(test_pictures test_graph_points test_page test_page_browser
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
