//! Procedural macros for comtypes.
