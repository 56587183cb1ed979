//! Misuse of `#[interface]`, `#[implement]` and `#[dispatch]` fails to compile with a message a user
//! understands. The expected messages are in `compile_fail/*.stderr`.
//!
//! Compilation errors are a property of the macros on the host, not of the target, so
//! this runs natively only (trybuild drives cargo, which the Windows suite under Wine
//! cannot run).
#![cfg(not(windows))]

#[test]
fn macro_misuse_is_reported_clearly() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
