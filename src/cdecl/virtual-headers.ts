/**
 * The compiler's own headers (clang ships these; bpftrace puts them first in its search path):
 * glibc's headers include them for size_t, va_list, bool and the integer limits.
 */
export const VIRTUAL_HEADERS: Record<string, string> = {
  "stddef.h": `#ifndef __EBT_STDDEF_H
#define __EBT_STDDEF_H
typedef long unsigned int size_t;
typedef long int ptrdiff_t;
typedef int wchar_t;
typedef struct { long long __ll; long double __ld; } max_align_t;
#define NULL ((void *)0)
#define offsetof(t, m) __builtin_offsetof(t, m)
#endif
`,
  "stdarg.h": `#ifndef __EBT_STDARG_H
#define __EBT_STDARG_H
typedef __builtin_va_list va_list;
typedef __builtin_va_list __gnuc_va_list;
#endif
`,
  "stdbool.h": `#ifndef __EBT_STDBOOL_H
#define __EBT_STDBOOL_H
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
`,
  "float.h": `#ifndef __EBT_FLOAT_H
#define __EBT_FLOAT_H
#define FLT_RADIX 2
#define FLT_MANT_DIG 24
#define DBL_MANT_DIG 53
#endif
`,
  "limits.h": `#ifndef __EBT_LIMITS_H
#define __EBT_LIMITS_H
#define _GCC_LIMITS_H_
#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-INT_MAX - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MAX 9223372036854775807L
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MAX 9223372036854775807LL
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define ULLONG_MAX 18446744073709551615ULL
#include_next <limits.h>
#endif
`,
};
