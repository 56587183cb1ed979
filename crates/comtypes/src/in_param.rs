//! What an `[in]` parameter of a declared interface may be: a value the callee only
//! borrows. The caller keeps ownership, so the type must be `Copy` (numbers, raw
//! pointers, `Guid`, `Ref<'_, I>`, `BstrRef<'_>`, `SafeArrayRef<'_, T>`, `&Variant`);
//! an owned `Bstr`, `Variant` or interface pointer would be freed by the callee too.

/// Implemented for every `Copy` type: the types that can cross as `[in]` parameters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an [in] parameter: the caller keeps ownership, the callee only borrows",
    note = "use a borrowed form: `BstrRef<'_>` for a BSTR, `&Variant` for a VARIANT, `Ref<'_, I>` for an interface, `SafeArrayRef<'_, T>` for a SAFEARRAY"
)]
pub trait InParam: Copy {}

impl<T: Copy> InParam for T {}

/// Compile-time check that `#[interface]` writes for each `[in]` parameter type.
pub const fn assert_in_param<T: InParam>() {}
