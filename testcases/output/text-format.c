// The text format, exactly: `path:line:col: severity: message [rule-id]`, the source
// line, a caret line with `^` under the column, then `note:` lines of the same shape.
// (A clang-style gutter `  12 | ` before the source and caret lines is accepted; a
// `~~~` range after the caret too.)
//
// RUN: cd %S && %exitcode 1 %drvcheck text-format.c \
// RUN:   | FileCheck --strict-whitespace %s
// RUN: cd %S && %exitcode 1 %drvcheck text-format.c | %python %tools/check_text.py --caret --expect 2
// RUN: cd %S && %drvcheck --disable secure-balance,secure-probe-mode --enable secure-not-recommended text-format.c \
// RUN:   | FileCheck --strict-whitespace --check-prefix=NOTE %s
// RUN: cd %S && %exitcode 1 %drvcheck --no-source text-format.c \
// RUN:   | %python %tools/check_text.py --no-source --expect 2 \
// RUN:   | FileCheck --strict-whitespace --check-prefix=NOSRC %s

#include <ntddk.h>

NTSTATUS
LeakOnShortBuffer(PVOID Buffer, SIZE_T Length)
{
    HANDLE Secure;

    // CHECK:      {{^}}text-format.c:[[@LINE+13]]:14: warning: {{.+}} [secure-balance]{{$}}
    // CHECK-NEXT: {{^( *[0-9]+ \| )?}}    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);{{$}}
    // CHECK-NEXT: {{^( *\| )?}}             ^{{~*}}{{$}}
    // CHECK-NEXT: {{^}}text-format.c:[[@LINE+15]]:9: note: {{.+}}{{$}}
    // CHECK-NEXT: {{^( *[0-9]+ \| )?}}        return STATUS_BUFFER_TOO_SMALL;{{$}}
    // CHECK-NEXT: {{^( *\| )?}}        ^{{~*}}{{$}}
    // NOTE:       {{^}}text-format.c:[[@LINE+7]]:14: note: {{.+}} [secure-not-recommended]{{$}}
    // NOTE-NEXT:  {{^( *[0-9]+ \| )?}}    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);{{$}}
    // NOTE-NEXT:  {{^( *\| )?}}             ^{{~*}}{{$}}
    // NOSRC:      {{^}}text-format.c:[[@LINE+4]]:14: warning: {{.+}} [secure-balance]{{$}}
    // NOSRC-NEXT: {{^}}text-format.c:[[@LINE+8]]:9: note: {{.+}}{{$}}
    // NOSRC-NEXT: {{^}}text-format.c:[[@LINE+24]]:14: error: {{.+}} [secure-probe-mode]{{$}}
    // (check_text.py --no-source also checks no source or caret line follows.)
    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    if (Length < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}

NTSTATUS
ExecutableProbe(PVOID Buffer, SIZE_T Length)
{
    HANDLE Secure;

    // CHECK:      {{^}}text-format.c:[[@LINE+6]]:14: error: {{.+}} [secure-probe-mode]{{$}}
    // CHECK-NEXT: {{^( *[0-9]+ \| )?}}    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_EXECUTE_READWRITE);{{$}}
    // CHECK-NEXT: {{^( *\| )?}}             ^{{~*}}{{$}}
    // NOTE:       {{^}}text-format.c:[[@LINE+3]]:14: note: {{.+}} [secure-not-recommended]{{$}}
    // NOTE-NEXT:  {{^( *[0-9]+ \| )?}}    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_EXECUTE_READWRITE);{{$}}
    // NOTE-NEXT:  {{^( *\| )?}}             ^{{~*}}{{$}}
    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_EXECUTE_READWRITE);
    if (Secure == NULL) {
        return STATUS_ACCESS_VIOLATION;
    }
    MmUnsecureVirtualMemory(Secure);
    return STATUS_SUCCESS;
}
