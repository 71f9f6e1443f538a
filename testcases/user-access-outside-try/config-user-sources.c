// RUN: not %drvcheck --config %S/Inputs/user-sources.yml %s 2>&1 | FileCheck %s --implicit-check-not="{{warning|error}}:"
// RUN: %drvcheck --no-config %s 2>&1 | FileCheck %s --check-prefix=NOCFG --allow-empty --implicit-check-not="{{warning|error}}:"
//
// Sources named in the configuration (user-pointer-sources): a field of the driver's own
// request structure and the result of a routine are user pointers; without the
// configuration neither is.
// NOCFG-NOT: [user-access-outside-try]

#include <ntddk.h>

typedef struct _SAMPLE_REQUEST {
    PVOID UserData;
    ULONG Length;
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

PVOID GetCallerBuffer(PIRP Irp);

NTSTATUS
SampleConsume(PSAMPLE_REQUEST Request, PIRP Irp)
{
    PUCHAR Data = (PUCHAR)Request->UserData;
    PULONG Reply;

    // CHECK: :[[@LINE+1]]:5: warning: {{.*}}Request->UserData{{.*}} [user-access-outside-try]
    Data[0] = 1;

    Reply = (PULONG)GetCallerBuffer(Irp);
    __try {
        *Reply = Request->Length;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    // CHECK: :[[@LINE+1]]:5: warning: {{.*}}GetCallerBuffer{{.*}} [user-access-outside-try]
    *Reply += 1;
    return STATUS_SUCCESS;
}
