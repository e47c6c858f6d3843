/* include/mi.h as a Windows compiler sees it, for abi-check (which compiles with gcc on
   Linux): _WIN32 selects the Windows branch of the prelude (MI_Char = wchar_t, MI_CALL =
   __stdcall, MI_MAIN_CALL = __cdecl, MI_IMPORT = __declspec(dllimport)); the Microsoft
   keywords are spelled as the GCC attributes mingw-w64 defines them to. */
#define _WIN32 1
#define __stdcall __attribute__((__stdcall__))
#define __cdecl __attribute__((__cdecl__))
#define __declspec(x) __attribute__((x))
#include "../../include/mi.h"
