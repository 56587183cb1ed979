/*
 * A stand-in bcryptprimitives.dll for Wine 8.
 *
 * Rust's std (since 1.78) gets its randomness on Windows from
 * bcryptprimitives.dll!ProcessPrng. Wine 8.0 does not export that function, so every
 * Rust executable fails to start (status 53, "bcryptprimitives.dll not found").
 * This DLL exports ProcessPrng and fills the buffer from RtlGenRandom
 * (advapi32!SystemFunction036), which Wine implements.
 *
 * `cargo xtask wine-test` builds it with
 *     x86_64-w64-mingw32-gcc -O2 -shared -s -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 * and copies it into the Wine prefix's system32 (see xtask/src/shim.rs).
 */
#include <windows.h>
#include <ntsecapi.h> /* RtlGenRandom */

/* Same contract as Windows: always fills the whole buffer and returns TRUE. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE buffer, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length; SIZE_T is 64-bit. */
    const SIZE_T max_chunk = 0x40000000;

    while (length > 0) {
        ULONG chunk = (ULONG)(length < max_chunk ? length : max_chunk);
        if (!RtlGenRandom(buffer, chunk))
            return FALSE;
        buffer += chunk;
        length -= chunk;
    }
    return TRUE;
}
