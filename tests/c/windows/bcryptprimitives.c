/*
 * bcryptprimitives.c - test harness only, never shipped with mi.dll.
 *
 * The Rust standard library imports ProcessPrng from bcryptprimitives.dll on Windows
 * (Windows 10 and later have it). Debian 12's Wine 8 has no bcryptprimitives.dll, so a
 * Rust DLL cannot load there. tests/windows.rs builds this one-function stand-in and puts
 * it next to each test program (the DLL search order finds it before the system folder).
 * It fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
