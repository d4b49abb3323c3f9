# sniff --tui, the terminal UI (sniff/tui/).
#   test_tui_model  its index read back at random prints what the line mode prints (-V,
#                   the list, -A) for every shipped capture, 200,000 generated frames and
#                   pcapng; a filter applied after reading (the filter bar's job) shows
#                   what -Y shows, for every kind of field; the hostile captures and the
#                   fuzz corpus read back the same way
#   test_tui        scripted sessions under tmux: each shipped capture opened, moved
#                   through, expanded, filtered, followed, stepped, quizzed, resized, quit;
#                   a live session beside a real echo exchange on lo; TERM=dumb and a pipe
#                   refused; the hostile captures and the fuzz corpus toured
add_test(NAME test_tui_model
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_tui_model.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:gen_capture> $<TARGET_FILE:gen_hostile> ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:gen_tcp_cases>)
add_test(NAME test_tui
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_tui.sh $<TARGET_FILE:sniff>
                 $<TARGET_FILE:echoserver> $<TARGET_FILE:echoclient>
                 $<TARGET_FILE:gen_hostile> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:gen_tcp_cases>)
set_tests_properties(test_tui_model test_tui PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800)
# The projector palette: --color=light, --light and --step black on white; --color=dark,
# --color=never and NO_COLOR as they say (tmux, the screen's escapes).
add_test(NAME test_tui_palette COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/test_tui_palette.sh
                                       $<TARGET_FILE:sniff>)
set_tests_properties(test_tui_palette PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
