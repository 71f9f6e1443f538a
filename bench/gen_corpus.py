#!/usr/bin/env python3
"""gen_corpus.py OUTDIR [--files 60] [--scale K] [--seed S] [--check DRVCHECK]

Generates a synthetic, deterministic corpus of Windows kernel-driver C sources for the
drvcheck benchmark (bench/run.py). Python 3 standard library only.

Layout written under OUTDIR (the directory is emptied of *.c files first):

  OUTDIR/drivers/drv_NNNN.c   FILES * K ordinary driver files, a few hundred lines each
  OUTDIR/big_function.c       one function of ~20,000 lines (straight-line code, many
                              ifs/loops/switches and the patterns the rules look at)
  OUTDIR/branches_300.c       one function with 300 sequential early returns, each
                              releasing a secured handle
  OUTDIR/manifest.json        per file: header kind, line count, injected bug (if any)

Each ordinary file starts with `#include <ntddk.h>`, `<ntifs.h>`, `<fltKernel.h>` or
`<ntddk.h>` then `<ntifs.h>`, and contains what real drivers contain: dispatch routines
(IRP_MJ_DEVICE_CONTROL with METHOD_NEITHER Type3InputBuffer / Irp->UserBuffer accessed in
__try/__except after ProbeForRead/ProbeForWrite), MmSecureVirtualMemory /
MmUnsecureVirtualMemory with NULL checks and `goto Cleanup`, KeStackAttachProcess /
KeUnstackDetachProcess, spin locks, a DPC declared with KDEFERRED_ROUTINE, a work item,
ZwAllocateVirtualMemory with PAGE_* constants, MmGetSystemAddressForMdlSafe with NULL
checks, minifilter pre/post callbacks with an FLT_OPERATION_REGISTRATION table, switch
statements, loops and helpers calling each other. The code is mostly correct; about one
file in four gets one real bug (the rule it should trigger is in manifest.json and in a
`BUG(rule-id)` comment).

Determinism: file i is generated from its own random stream (seed, i), so the files of a
--scale 1 corpus are exactly the first FILES files of a --scale 10 corpus.

--check DRVCHECK runs DRVCHECK on every generated file and fails (exit 1) if any of them
reports a [compiler-error]: every generated file must parse cleanly.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

DEFAULT_SEED = 20240601

# Header prefixes, in the proportions the corpus uses (index chosen by a weighted draw).
HEADER_KINDS = [
    ("ntddk", ["ntddk.h"], 30),
    ("ntifs", ["ntifs.h"], 30),
    ("flt", ["fltKernel.h"], 28),
    ("ntddk+ntifs", ["ntddk.h", "ntifs.h"], 12),
]

WORDS = ["Xfer", "Scan", "Vol", "Blk", "Cap", "Sec", "Mon", "Flt", "Io", "Kb", "Net", "Usb",
         "Hid", "Snd", "Gpu", "Dsk", "Cam", "Tpm", "Acp", "Ser"]

STATUSES = ["STATUS_INVALID_PARAMETER", "STATUS_BUFFER_TOO_SMALL", "STATUS_NOT_SUPPORTED",
            "STATUS_INVALID_DEVICE_REQUEST", "STATUS_ACCESS_DENIED",
            "STATUS_INSUFFICIENT_RESOURCES", "STATUS_INVALID_BUFFER_SIZE",
            "STATUS_DEVICE_NOT_READY", "STATUS_UNSUCCESSFUL", "STATUS_NOT_FOUND"]

# Valid (protection, allocation type) pairs for ZwAllocateVirtualMemory in correct code.
GOOD_PROTECTIONS = ["PAGE_READWRITE", "PAGE_READONLY", "PAGE_EXECUTE_READ",
                    "PAGE_READWRITE | PAGE_NOCACHE", "PAGE_READWRITE | PAGE_WRITECOMBINE",
                    "PAGE_EXECUTE_READWRITE", "PAGE_NOACCESS"]


# --------------------------------------------------------------------------- helpers

def block(lines, indent):
    """Indents a list of lines (strings, may contain '\n') by `indent` spaces."""
    pad = " " * indent
    out = []
    for line in lines:
        for sub in line.split("\n"):
            out.append(pad + sub if sub else "")
    return out


class FileGen:
    """Generates one ordinary driver file from its own random stream."""

    def __init__(self, index, seed):
        self.rng = random.Random("%d/%d" % (seed, index))
        self.index = index
        r = self.rng
        self.kind, self.headers, _ = r.choices(HEADER_KINDS, [w for _, _, w in HEADER_KINDS])[0]
        self.ntifs = self.kind != "ntddk"
        self.flt = self.kind == "flt"
        word = r.choice(WORDS)
        self.P = "%s%02d" % (word, index % 100)   # CamelCase prefix: Xfer07
        self.U = self.P.upper()                   # UPPER prefix: XFER07
        self.protos = []     # prototypes emitted before the first function
        self.funcs = []      # function texts
        self.helpers = []    # names of pure helpers: (name, kind)
        self.ioctls = []     # (macro, handler call expression)
        # About one file in four carries exactly one real bug.
        self.bug = None
        if r.random() < 0.25:
            kinds = ["secure-balance", "secure-null-check", "mdl-address-null-check",
                     "user-access-outside-try", "secure-probe-mode"]
            if self.ntifs:
                kinds += ["attach-balance", "page-protection-invalid"]
            if self.flt:
                kinds = ["postop-buffer-unsafe", "attach-balance", "page-protection-invalid",
                         "mdl-address-null-check"]
            self.bug = r.choice(kinds)
        self.bug_emitted = None

    # A bug of `rule` goes into the first generated function able to carry it.
    def want_bug(self, rule):
        if self.bug == rule and self.bug_emitted is None:
            self.bug_emitted = rule
            return True
        return False

    def status(self):
        return self.rng.choice(STATUSES)

    def add(self, proto, text):
        self.protos.append(proto)
        self.funcs.append(text)

    # ------------------------------------------------------------- file prologue
    def prologue(self):
        P, U, r = self.P, self.U, self.rng
        out = ["/*",
               " * %s - synthetic %s driver generated by bench/gen_corpus.py (file %d)." % (
                   "drv_%04d.c" % self.index, "minifilter" if self.flt else "WDM", self.index),
               " * Benchmark input for drvcheck; not meant to be built.",
               " */"]
        out += ["#include <%s>" % h for h in self.headers]
        out += ["",
                "#define %s_TAG            '%s'" % (U, (P[:3] + "x")[::-1][:4]),
                "#define %s_MAGIC          0x%08Xu" % (U, r.getrandbits(32)),
                "#define %s_MAX_LENGTH     (%du * 1024u)" % (U, r.choice([4, 16, 64, 256])),
                "#define %s_STAT_COUNT     %d" % (U, r.choice([8, 16, 32])),
                "#define %s_SCRATCH_PAGES  %du" % (U, r.choice([1, 2, 4, 8])),
                ""]
        out += ["typedef struct _%s_HEADER {" % U,
                "    ULONG Magic;",
                "    ULONG Kind;",
                "    ULONG Length;       /* payload bytes after the header */",
                "    ULONG Flags;",
                "} %s_HEADER, *P%s_HEADER;" % (U, U),
                "",
                "typedef struct _%s_REQUEST {" % U,
                "    PVOID Buffer;       /* caller address */",
                "    ULONG Length;",
                "    ULONG Code;",
                "    HANDLE ProcessId;",
                "    UCHAR Pattern;",
                "} %s_REQUEST, *P%s_REQUEST;" % (U, U),
                "",
                "typedef struct _%s_ENTRY {" % U,
                "    LIST_ENTRY Link;",
                "    ULONG Key;",
                "    ULONG Value;",
                "} %s_ENTRY, *P%s_ENTRY;" % (U, U),
                "",
                "typedef struct _%s_EXTENSION {" % U,
                "    KSPIN_LOCK Lock;",
                "    LIST_ENTRY Queue;",
                "    ULONG QueueDepth;",
                "    KDPC Dpc;",
                "    KTIMER Timer;",
                "    PIO_WORKITEM WorkItem;",
                "    volatile LONG WorkQueued;",
                "    ULONG Stats[%s_STAT_COUNT];" % U,
                "    PDEVICE_OBJECT Self;",
                "} %s_EXTENSION, *P%s_EXTENSION;" % (U, U),
                ""]
        return out

    # ------------------------------------------------------------- pure helpers
    def gen_checksum(self):
        P = self.P
        name = "%sChecksum" % P
        mul = self.rng.choice([31, 33, 131, 16777619])
        self.add("static ULONG %s(const UCHAR *Data, SIZE_T Length);" % name, "\n".join([
            "/* Rolling checksum over a captured (kernel) copy of the caller's data. */",
            "static ULONG",
            "%s(const UCHAR *Data, SIZE_T Length)" % name,
            "{",
            "    ULONG Sum = 0x%Xu;" % self.rng.getrandbits(16),
            "    SIZE_T i;",
            "",
            "    for (i = 0; i < Length; i++) {",
            "        Sum = Sum * %du + Data[i];" % mul,
            "        if ((Sum & 0x80000000u) != 0) {",
            "            Sum ^= 0x%Xu;" % self.rng.getrandbits(24),
            "        }",
            "    }",
            "    return Sum;",
            "}"]))
        self.helpers.append(name)

    def gen_validate(self):
        P, U = self.P, self.U
        name = "%sValidateHeader" % P
        nkinds = self.rng.randint(3, 6)
        lines = ["/* Checks a captured header against the length the caller passed. */",
                 "static NTSTATUS",
                 "%s(const %s_HEADER *Header, ULONG Length)" % (name, U),
                 "{",
                 "    if (Header->Magic != %s_MAGIC) {" % U,
                 "        return STATUS_INVALID_PARAMETER;",
                 "    }",
                 "    if (Header->Length > Length - sizeof(%s_HEADER)) {" % U,
                 "        return STATUS_INVALID_BUFFER_SIZE;",
                 "    }",
                 "    switch (Header->Kind) {"]
        for k in range(nkinds):
            lines.append("    case %d:" % k)
            if k % 2 == 0:
                lines.append("        if (Header->Length < %du) {" % (4 << k))
                lines.append("            return %s;" % self.status())
                lines.append("        }")
                lines.append("        break;")
            else:
                lines.append("        /* fall through */")
        lines += ["    case %d:" % nkinds,
                  "        break;",
                  "    default:",
                  "        return STATUS_NOT_SUPPORTED;",
                  "    }",
                  "    return (Header->Flags & ~0x%Xu) != 0 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;"
                  % self.rng.choice([0xF, 0xFF, 0x3]),
                  "}"]
        self.add("static NTSTATUS %s(const %s_HEADER *Header, ULONG Length);" % (name, U),
                 "\n".join(lines))
        self.helpers.append(name)

    def gen_steps(self):
        """A chain of small helpers calling each other (StepN calls StepN-1 and Checksum)."""
        P, r = self.P, self.rng
        n = r.randint(2, 5)
        for s in range(n):
            name = "%sStep%d" % (P, s)
            lines = ["static ULONG",
                     "%s(ULONG State, ULONG Input)" % name,
                     "{",
                     "    ULONG Round;",
                     "    ULONG Acc = State ^ Input;",
                     ""]
            lines += ["    for (Round = 0; Round < %du; Round++) {" % r.randint(2, 9),
                      "        Acc = (Acc << %d) | (Acc >> %d);" % ((s % 7) + 1, 32 - ((s % 7) + 1)),
                      "        Acc += Round * 0x%Xu;" % r.getrandbits(20),
                      "        if (Acc == 0) {",
                      "            break;",
                      "        }",
                      "    }"]
            lines += ["    switch (Acc & 3u) {",
                      "    case 0:",
                      "        Acc ^= 0x%Xu;" % r.getrandbits(28),
                      "        break;",
                      "    case 1:",
                      "        Acc += Input;",
                      "        break;",
                      "    case 2:",
                      "        Acc -= State;",
                      "        /* fall through */",
                      "    default:",
                      "        Acc = ~Acc;",
                      "        break;",
                      "    }"]
            if s > 0:
                lines.append("    if ((Acc & 0x%Xu) != 0) {" % (1 << r.randint(0, 12)))
                lines.append("        Acc = %sStep%d(Acc, Input + %du);" % (P, s - 1, s))
                lines.append("    }")
            else:
                lines.append("    Acc ^= %sChecksum((const UCHAR *)&Input, sizeof(Input));" % P)
            lines += ["    return Acc;", "}"]
            self.add("static ULONG %s(ULONG State, ULONG Input);" % name, "\n".join(lines))
        self.last_step = "%sStep%d" % (P, n - 1)

    # ------------------------------------------------------------- spin locks, DPC, work item
    def gen_queue(self):
        P, U = self.P, self.U
        self.add("static NTSTATUS %sQueueInsert(P%s_EXTENSION Ext, ULONG Key, ULONG Value);" % (P, U),
                 "\n".join([
                     "/* Appends an entry to the device queue under the queue spin lock. */",
                     "static NTSTATUS",
                     "%sQueueInsert(P%s_EXTENSION Ext, ULONG Key, ULONG Value)" % (P, U),
                     "{",
                     "    P%s_ENTRY Entry;" % U,
                     "    KIRQL OldIrql;",
                     "",
                     "    Entry = (P%s_ENTRY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), %s_TAG);" % (U, U),
                     "    if (Entry == NULL) {",
                     "        return STATUS_INSUFFICIENT_RESOURCES;",
                     "    }",
                     "    Entry->Key = Key;",
                     "    Entry->Value = Value;",
                     "    KeAcquireSpinLock(&Ext->Lock, &OldIrql);",
                     "    if (Ext->QueueDepth >= %du) {" % self.rng.choice([64, 128, 1024]),
                     "        KeReleaseSpinLock(&Ext->Lock, OldIrql);",
                     "        ExFreePoolWithTag(Entry, %s_TAG);" % U,
                     "        return STATUS_DEVICE_BUSY;",
                     "    }",
                     "    InsertTailList(&Ext->Queue, &Entry->Link);",
                     "    Ext->QueueDepth++;",
                     "    Ext->Stats[Key %% %s_STAT_COUNT]++;" % U,
                     "    KeReleaseSpinLock(&Ext->Lock, OldIrql);",
                     "    return STATUS_SUCCESS;",
                     "}"]))
        self.add("static ULONG %sQueueFind(P%s_EXTENSION Ext, ULONG Key);" % (P, U), "\n".join([
            "/* Looks an entry up by key; returns its value or 0. */",
            "static ULONG",
            "%sQueueFind(P%s_EXTENSION Ext, ULONG Key)" % (P, U),
            "{",
            "    PLIST_ENTRY Link;",
            "    ULONG Value = 0;",
            "    KIRQL OldIrql;",
            "",
            "    KeAcquireSpinLock(&Ext->Lock, &OldIrql);",
            "    for (Link = Ext->Queue.Flink; Link != &Ext->Queue; Link = Link->Flink) {",
            "        P%s_ENTRY Entry = CONTAINING_RECORD(Link, %s_ENTRY, Link);" % (U, U),
            "        if (Entry->Key == Key) {",
            "            Value = Entry->Value;",
            "            break;",
            "        }",
            "    }",
            "    KeReleaseSpinLock(&Ext->Lock, OldIrql);",
            "    return Value;",
            "}"]))
        self.add("static VOID %sQueueDrain(P%s_EXTENSION Ext);" % (P, U), "\n".join([
            "/* Frees every queued entry. */",
            "static VOID",
            "%sQueueDrain(P%s_EXTENSION Ext)" % (P, U),
            "{",
            "    KIRQL OldIrql;",
            "    PLIST_ENTRY Link;",
            "",
            "    for (;;) {",
            "        KeAcquireSpinLock(&Ext->Lock, &OldIrql);",
            "        if (IsListEmpty(&Ext->Queue)) {",
            "            KeReleaseSpinLock(&Ext->Lock, OldIrql);",
            "            break;",
            "        }",
            "        Link = RemoveHeadList(&Ext->Queue);",
            "        Ext->QueueDepth--;",
            "        KeReleaseSpinLock(&Ext->Lock, OldIrql);",
            "        ExFreePoolWithTag(CONTAINING_RECORD(Link, %s_ENTRY, Link), %s_TAG);" % (U, U),
            "    }",
            "}"]))

    def gen_dpc_and_work(self):
        P, U = self.P, self.U
        self.protos.append("KDEFERRED_ROUTINE %sDpcRoutine;" % P)
        self.protos.append("IO_WORKITEM_ROUTINE %sWorkRoutine;" % P)
        self.funcs.append("\n".join([
            "/* Timer DPC: folds the statistics at DISPATCH_LEVEL and queues the work item. */",
            "VOID",
            "%sDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)" % P,
            "{",
            "    P%s_EXTENSION Ext = (P%s_EXTENSION)DeferredContext;" % (U, U),
            "    ULONG i;",
            "    ULONG Total = 0;",
            "",
            "    UNREFERENCED_PARAMETER(Dpc);",
            "    UNREFERENCED_PARAMETER(SystemArgument1);",
            "    UNREFERENCED_PARAMETER(SystemArgument2);",
            "    if (Ext == NULL) {",
            "        return;",
            "    }",
            "    KeAcquireSpinLockAtDpcLevel(&Ext->Lock);",
            "    for (i = 0; i < %s_STAT_COUNT; i++) {" % U,
            "        Total += Ext->Stats[i];",
            "        Ext->Stats[i] /= 2;",
            "    }",
            "    KeReleaseSpinLockFromDpcLevel(&Ext->Lock);",
            "    if (Total > %du && InterlockedCompareExchange(&Ext->WorkQueued, 1, 0) == 0) {" % self.rng.randint(10, 5000),
            "        IoQueueWorkItem(Ext->WorkItem, %sWorkRoutine, DelayedWorkQueue, Ext);" % P,
            "    }",
            "}"]))
        self.funcs.append("\n".join([
            "/* Work item: drains the queue at PASSIVE_LEVEL. */",
            "VOID",
            "%sWorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)" % P,
            "{",
            "    P%s_EXTENSION Ext = (P%s_EXTENSION)Context;" % (U, U),
            "",
            "    UNREFERENCED_PARAMETER(DeviceObject);",
            "    %sQueueDrain(Ext);" % P,
            "    InterlockedExchange(&Ext->WorkQueued, 0);",
            "}"]))

    # ------------------------------------------------------------- IOCTL handlers
    def handler_proto(self, name):
        return "static NTSTATUS %s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information);" % name

    def gen_neither_try(self, n):
        """METHOD_NEITHER: probe and access Type3InputBuffer / Irp->UserBuffer in __try."""
        P, U = self.P, self.U
        name = "%sIoctlDigest%d" % (P, n)
        bug = self.want_bug("user-access-outside-try")
        lines = [
            "/* METHOD_NEITHER: digests the caller's header-prefixed buffer into Irp->UserBuffer. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % name,
            "{",
            "    P%s_HEADER UserHeader = (P%s_HEADER)Stack->Parameters.DeviceIoControl.Type3InputBuffer;" % (U, U),
            "    ULONG InLength = Stack->Parameters.DeviceIoControl.InputBufferLength;",
            "    PULONG UserOut = (PULONG)Irp->UserBuffer;",
            "    %s_HEADER Header;" % U,
            "    UCHAR Sample[%d];" % self.rng.choice([16, 32, 64]),
            "    ULONG Digest;",
            "    NTSTATUS Status;",
            "",
            "    if (InLength < sizeof(%s_HEADER) || InLength > %s_MAX_LENGTH) {" % (U, U),
            "        return STATUS_INVALID_PARAMETER;",
            "    }",
            "    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {",
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    __try {",
            "        ProbeForRead(UserHeader, InLength, sizeof(ULONG));",
            "        ProbeForWrite(UserOut, sizeof(ULONG), sizeof(ULONG));",
            "        RtlCopyMemory(&Header, UserHeader, sizeof(Header));",
            "        RtlZeroMemory(Sample, sizeof(Sample));",
            "        RtlCopyMemory(Sample, UserHeader + 1,",
            "                      min(sizeof(Sample), InLength - sizeof(%s_HEADER)));" % U,
            "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
            "        return GetExceptionCode();",
            "    }",
            "    Status = %sValidateHeader(&Header, InLength);" % P,
            "    if (!NT_SUCCESS(Status)) {",
            "        return Status;",
            "    }",
            "    Digest = %sChecksum(Sample, sizeof(Sample));" % P,
            "    Digest = %s(Digest, Header.Kind);" % self.last_step]
        if bug:
            lines += ["    *UserOut = Digest; /* BUG(user-access-outside-try) */",
                      "    *Information = sizeof(ULONG);"]
        else:
            lines += ["    __try {",
                      "        *UserOut = Digest;",
                      "        *Information = sizeof(ULONG);",
                      "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
                      "        Status = GetExceptionCode();",
                      "    }"]
        lines += ["    return Status;", "}"]
        self.add(self.handler_proto(name), "\n".join(lines))
        self.ioctls.append(("METHOD_NEITHER", "%s(Irp, Stack, &Information)" % name))

    def gen_neither_secure(self, n):
        """METHOD_NEITHER: secure the caller's range, NULL check, goto Cleanup."""
        P, U, r = self.P, self.U, self.rng
        name = "%sIoctlFill%d" % (P, n)
        leak = self.want_bug("secure-balance")
        nonull = not leak and self.want_bug("secure-null-check")
        probe = "PAGE_READWRITE"
        if not leak and not nonull and self.want_bug("secure-probe-mode"):
            probe = "PAGE_EXECUTE_READWRITE /* BUG(secure-probe-mode) */"
        lines = [
            "/* METHOD_NEITHER: fills the caller's buffer, kept valid with MmSecureVirtualMemory. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % name,
            "{",
            "    P%s_REQUEST UserRequest = (P%s_REQUEST)Stack->Parameters.DeviceIoControl.Type3InputBuffer;" % (U, U),
            "    %s_REQUEST Request;" % U,
            "    HANDLE Secure = NULL;",
            "    ULONG i;",
            "    NTSTATUS Status = STATUS_SUCCESS;",
            "",
            "    UNREFERENCED_PARAMETER(Irp);",
            "    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(%s_REQUEST)) {" % U,
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    __try {",
            "        ProbeForRead(UserRequest, sizeof(%s_REQUEST), TYPE_ALIGNMENT(%s_REQUEST));" % (U, U),
            "        Request = *UserRequest;",
            "        ProbeForWrite(Request.Buffer, Request.Length, sizeof(UCHAR));",
            "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
            "        return GetExceptionCode();",
            "    }",
            "    if (Request.Length == 0 || Request.Length > %s_MAX_LENGTH) {" % U,
            "        return STATUS_INVALID_PARAMETER;",
            "    }",
            "",
            "    Secure = MmSecureVirtualMemory(Request.Buffer, Request.Length, %s);%s" % (
                probe, " /* BUG(secure-balance) */" if leak else
                " /* BUG(secure-null-check): never compared with NULL */" if nonull else ""),
        ]
        if not nonull:
            lines += ["    if (Secure == NULL) {",
                      "        Status = STATUS_ACCESS_VIOLATION;",
                      "        goto Cleanup;",
                      "    }"]
        lines += ["    if ((Request.Code & 0x%Xu) != 0) {" % (1 << r.randint(0, 7))]
        if leak:
            lines += ["        return STATUS_NOT_SUPPORTED; /* leaks Secure */"]
        else:
            lines += ["        Status = STATUS_NOT_SUPPORTED;", "        goto Cleanup;"]
        lines += ["    }",
                  "    __try {",
                  "        for (i = 0; i < Request.Length; i++) {",
                  "            ((PUCHAR)Request.Buffer)[i] = (UCHAR)(Request.Pattern + i * %du);" % r.randint(1, 7),
                  "        }",
                  "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
                  "        Status = GetExceptionCode();",
                  "        goto Cleanup;",
                  "    }",
                  "    *Information = Request.Length;",
                  "",
                  "Cleanup:"]
        if nonull:
            lines += ["    MmUnsecureVirtualMemory(Secure);"]
        else:
            lines += ["    if (Secure != NULL) {",
                      "        MmUnsecureVirtualMemory(Secure);",
                      "    }"]
        lines += ["    return Status;", "}"]
        self.add(self.handler_proto(name), "\n".join(lines))
        self.ioctls.append(("METHOD_NEITHER", "%s(Irp, Stack, &Information)" % name))

    def gen_direct_mdl(self, n):
        """METHOD_OUT_DIRECT: map Irp->MdlAddress with MmGetSystemAddressForMdlSafe."""
        P, U = self.P, self.U
        name = "%sIoctlRead%d" % (P, n)
        bug = self.want_bug("mdl-address-null-check")
        lines = [
            "/* METHOD_OUT_DIRECT: copies queued values into the caller's MDL. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % name,
            "{",
            "    P%s_EXTENSION Ext = (P%s_EXTENSION)Stack->DeviceObject->DeviceExtension;" % (U, U),
            "    ULONG Length = Stack->Parameters.DeviceIoControl.OutputBufferLength;",
            "    PULONG Out;",
            "    ULONG Count;",
            "    ULONG i;",
            "",
            "    if (Irp->MdlAddress == NULL || Length < sizeof(ULONG)) {",
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    Out = (PULONG)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);%s"
            % (" /* BUG(mdl-address-null-check) */" if bug else "")]
        if not bug:
            lines += ["    if (Out == NULL) {",
                      "        return STATUS_INSUFFICIENT_RESOURCES;",
                      "    }"]
        lines += ["    Count = Length / sizeof(ULONG);",
                  "    for (i = 0; i < Count; i++) {",
                  "        Out[i] = %sQueueFind(Ext, i);" % P,
                  "        if (Out[i] == 0 && i > %du) {" % self.rng.randint(1, 9),
                  "            break;",
                  "        }",
                  "    }",
                  "    *Information = i * sizeof(ULONG);",
                  "    return STATUS_SUCCESS;",
                  "}"]
        self.add(self.handler_proto(name), "\n".join(lines))
        self.ioctls.append(("METHOD_OUT_DIRECT", "%s(Irp, Stack, &Information)" % name))

    def gen_buffered(self, n):
        """METHOD_BUFFERED: SystemBuffer, a switch over sub-commands, the queue."""
        P, U, r = self.P, self.U, self.rng
        name = "%sIoctlControl%d" % (P, n)
        lines = [
            "/* METHOD_BUFFERED: sub-commands on the device queue. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % name,
            "{",
            "    P%s_EXTENSION Ext = (P%s_EXTENSION)Stack->DeviceObject->DeviceExtension;" % (U, U),
            "    P%s_REQUEST Request = (P%s_REQUEST)Irp->AssociatedIrp.SystemBuffer;" % (U, U),
            "    NTSTATUS Status = STATUS_SUCCESS;",
            "    KIRQL OldIrql;",
            "",
            "    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(%s_REQUEST)) {" % U,
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    switch (Request->Code) {"]
        ncases = r.randint(3, 7)
        for c in range(ncases):
            lines.append("    case %d:" % c)
            k = c % 4
            if k == 0:
                lines += ["        Status = %sQueueInsert(Ext, Request->Length, (ULONG)Request->Pattern);" % P,
                          "        break;"]
            elif k == 1:
                lines += ["        Request->Length = %sQueueFind(Ext, Request->Length);" % P,
                          "        *Information = sizeof(%s_REQUEST);" % U,
                          "        break;"]
            elif k == 2:
                lines += ["        KeAcquireSpinLock(&Ext->Lock, &OldIrql);",
                          "        RtlZeroMemory(Ext->Stats, sizeof(Ext->Stats));",
                          "        KeReleaseSpinLock(&Ext->Lock, OldIrql);",
                          "        break;"]
            else:
                lines += ["        if (Request->Length > %du) {" % r.randint(10, 1000),
                          "            Status = %s;" % self.status(),
                          "            break;",
                          "        }",
                          "        Request->Length = %s(Request->Length, %du);" % (self.last_step, r.randint(1, 99)),
                          "        *Information = sizeof(%s_REQUEST);" % U,
                          "        break;"]
        lines += ["    default:",
                  "        Status = STATUS_INVALID_DEVICE_REQUEST;",
                  "        break;",
                  "    }",
                  "    return Status;",
                  "}"]
        self.add(self.handler_proto(name), "\n".join(lines))
        self.ioctls.append(("METHOD_BUFFERED", "%s(Irp, Stack, &Information)" % name))

    def gen_attach(self, n, for_flt=False):
        """ntifs: attach to the requesting process, read its memory under __try, detach."""
        P, U = self.P, self.U
        name = "%sCaptureRemote%d" % (P, n)
        bug = self.want_bug("attach-balance")
        proto = "static NTSTATUS %s(HANDLE ProcessId, PVOID Remote, SIZE_T Length, PVOID *Captured);" % name
        lines = [
            "/* Copies Length bytes at Remote in process ProcessId into a new pool buffer. */",
            "static NTSTATUS",
            "%s(HANDLE ProcessId, PVOID Remote, SIZE_T Length, PVOID *Captured)" % name,
            "{",
            "    PEPROCESS Process = NULL;",
            "    KAPC_STATE ApcState;",
            "    PVOID Copy = NULL;",
            "    NTSTATUS Status;",
            "",
            "    *Captured = NULL;",
            "    if (Length == 0 || Length > %s_MAX_LENGTH) {" % U,
            "        return STATUS_INVALID_PARAMETER;",
            "    }",
            "    Status = PsLookupProcessByProcessId(ProcessId, &Process);",
            "    if (!NT_SUCCESS(Status)) {",
            "        return Status;",
            "    }",
            "    Copy = ExAllocatePoolWithTag(PagedPool, Length, %s_TAG);" % U,
            "    if (Copy == NULL) {",
            "        Status = STATUS_INSUFFICIENT_RESOURCES;",
            "        goto Exit;",
            "    }",
            "",
            "    KeStackAttachProcess(Process, &ApcState);%s" % (" /* BUG(attach-balance) */" if bug else ""),
            "    __try {",
            "        ProbeForRead(Remote, Length, sizeof(UCHAR));",
            "        RtlCopyMemory(Copy, Remote, Length);",
            "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
            "        Status = GetExceptionCode();",
            "        goto Detach;",
            "    }",
            "    if (((PUCHAR)Copy)[0] == 0) {"]
        if bug:
            lines += ["        ObDereferenceObject(Process);",
                      "        ExFreePoolWithTag(Copy, %s_TAG);" % U,
                      "        return STATUS_NOT_FOUND; /* still attached */"]
        else:
            lines += ["        Status = STATUS_NOT_FOUND;",
                      "        goto Detach;"]
        lines += ["    }",
                  "    *Captured = Copy;",
                  "    Copy = NULL;",
                  "",
                  "Detach:",
                  "    KeUnstackDetachProcess(&ApcState);",
                  "Exit:",
                  "    if (Copy != NULL) {",
                  "        ExFreePoolWithTag(Copy, %s_TAG);" % U,
                  "    }",
                  "    ObDereferenceObject(Process);",
                  "    return Status;",
                  "}"]
        self.add(proto, "\n".join(lines))
        if for_flt:
            return name
        # And a METHOD_BUFFERED IOCTL that uses it.
        hname = "%sIoctlCapture%d" % (P, n)
        self.add(self.handler_proto(hname), "\n".join([
            "/* METHOD_BUFFERED: captures a range of another process and checksums it. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % hname,
            "{",
            "    P%s_REQUEST Request = (P%s_REQUEST)Irp->AssociatedIrp.SystemBuffer;" % (U, U),
            "    PVOID Captured;",
            "    NTSTATUS Status;",
            "",
            "    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(%s_REQUEST) ||" % U,
            "        Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(%s_REQUEST)) {" % U,
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    Status = %s(Request->ProcessId, Request->Buffer, Request->Length, &Captured);" % name,
            "    if (!NT_SUCCESS(Status)) {",
            "        return Status;",
            "    }",
            "    Request->Code = %sChecksum((const UCHAR *)Captured, Request->Length);" % P,
            "    ExFreePoolWithTag(Captured, %s_TAG);" % U,
            "    *Information = sizeof(%s_REQUEST);" % U,
            "    return STATUS_SUCCESS;",
            "}"]))
        self.ioctls.append(("METHOD_BUFFERED", "%s(Irp, Stack, &Information)" % hname))
        return name

    def gen_zw_alloc(self, n, for_flt=False):
        """ntifs: commit a scratch area plus a guard page in the current process."""
        P, U, r = self.P, self.U, self.rng
        name = "%sAllocScratch%d" % (P, n)
        bug = self.want_bug("page-protection-invalid")
        guard = "PAGE_NOACCESS | PAGE_GUARD" if bug else r.choice(
            ["PAGE_READWRITE | PAGE_GUARD", "PAGE_READONLY | PAGE_GUARD"])
        self.add("static NTSTATUS %s(PVOID *BaseOut, SIZE_T *SizeOut);" % name, "\n".join([
            "/* Reserves scratch pages plus one guard page in the current process. */",
            "static NTSTATUS",
            "%s(PVOID *BaseOut, SIZE_T *SizeOut)" % name,
            "{",
            "    PVOID Base = NULL;",
            "    PVOID Guard;",
            "    SIZE_T Size = (%s_SCRATCH_PAGES + 1) * PAGE_SIZE;" % U,
            "    SIZE_T GuardSize = PAGE_SIZE;",
            "    NTSTATUS Status;",
            "",
            "    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_RESERVE, PAGE_NOACCESS);",
            "    if (!NT_SUCCESS(Status)) {",
            "        return Status;",
            "    }",
            "    Size = %s_SCRATCH_PAGES * PAGE_SIZE;" % U,
            "    Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT, %s);" % r.choice(GOOD_PROTECTIONS[:5]),
            "    if (NT_SUCCESS(Status)) {",
            "        Guard = (PUCHAR)Base + %s_SCRATCH_PAGES * PAGE_SIZE;" % U,
            "        Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Guard, 0, &GuardSize, MEM_COMMIT,",
            "                                         %s);%s" % (guard, " /* BUG(page-protection-invalid) */" if bug else ""),
            "    }",
            "    if (!NT_SUCCESS(Status)) {",
            "        Size = 0;",
            "        ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);",
            "        return Status;",
            "    }",
            "    *BaseOut = Base;",
            "    *SizeOut = Size;",
            "    return STATUS_SUCCESS;",
            "}"]))
        if for_flt:
            return name
        hname = "%sIoctlScratch%d" % (P, n)
        self.add(self.handler_proto(hname), "\n".join([
            "/* METHOD_BUFFERED: returns the address of a new scratch area. */",
            "static NTSTATUS",
            "%s(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Information)" % hname,
            "{",
            "    PVOID *SystemOut = (PVOID *)Irp->AssociatedIrp.SystemBuffer;",
            "    PVOID Base;",
            "    SIZE_T Size;",
            "    NTSTATUS Status;",
            "",
            "    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {",
            "        return STATUS_BUFFER_TOO_SMALL;",
            "    }",
            "    Status = %s(&Base, &Size);" % name,
            "    if (NT_SUCCESS(Status)) {",
            "        *SystemOut = Base;",
            "        *Information = sizeof(PVOID);",
            "    }",
            "    return Status;",
            "}"]))
        self.ioctls.append(("METHOD_BUFFERED", "%s(Irp, Stack, &Information)" % hname))
        return name

    # ------------------------------------------------------------- WDM driver skeleton
    def gen_wdm_skeleton(self):
        P, U, r = self.P, self.U, self.rng
        self.protos = ["DRIVER_INITIALIZE DriverEntry;",
                       "DRIVER_UNLOAD %sUnload;" % P,
                       "DRIVER_DISPATCH %sCreateClose;" % P,
                       "DRIVER_DISPATCH %sDeviceControl;" % P] + self.protos
        # IOCTL codes: one per handler, function codes from 0x800.
        base = r.randint(0x800, 0x900)
        macros = []
        cases = []
        for i, (method, call) in enumerate(self.ioctls):
            macro = "IOCTL_%s_%d" % (U, i)
            macros.append("#define %s CTL_CODE(FILE_DEVICE_UNKNOWN, 0x%X, %s, FILE_ANY_ACCESS)" % (
                macro, base + i, method))
            cases += ["    case %s:" % macro, "        Status = %s;" % call, "        break;"]
        dc = ["NTSTATUS",
              "%sDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)" % P,
              "{",
              "    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);",
              "    ULONG_PTR Information = 0;",
              "    NTSTATUS Status;",
              "",
              "    UNREFERENCED_PARAMETER(DeviceObject);",
              "    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {"] + cases + [
              "    default:",
              "        Status = STATUS_INVALID_DEVICE_REQUEST;",
              "        break;",
              "    }",
              "    Irp->IoStatus.Status = Status;",
              "    Irp->IoStatus.Information = NT_SUCCESS(Status) ? Information : 0;",
              "    IoCompleteRequest(Irp, IO_NO_INCREMENT);",
              "    return Status;",
              "}"]
        self.funcs.append("\n".join(dc))
        self.funcs.append("\n".join([
            "NTSTATUS",
            "%sCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)" % P,
            "{",
            "    UNREFERENCED_PARAMETER(DeviceObject);",
            "    Irp->IoStatus.Status = STATUS_SUCCESS;",
            "    Irp->IoStatus.Information = 0;",
            "    IoCompleteRequest(Irp, IO_NO_INCREMENT);",
            "    return STATUS_SUCCESS;",
            "}"]))
        self.funcs.append("\n".join([
            "VOID",
            "%sUnload(PDRIVER_OBJECT DriverObject)" % P,
            "{",
            "    P%s_EXTENSION Ext;" % U,
            "",
            "    UNREFERENCED_PARAMETER(DriverObject);",
            "    if (g_%sDevice == NULL) {" % P,
            "        return;",
            "    }",
            "    Ext = (P%s_EXTENSION)g_%sDevice->DeviceExtension;" % (U, P),
            "    KeCancelTimer(&Ext->Timer);",
            "    KeFlushQueuedDpcs();",
            "    %sQueueDrain(Ext);" % P,
            "    IoFreeWorkItem(Ext->WorkItem);",
            "    IoDeleteSymbolicLink(&g_%sLink);" % P,
            "    IoDeleteDevice(g_%sDevice);" % P,
            "}"]))
        self.funcs.append("\n".join([
            "NTSTATUS",
            "DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)",
            "{",
            "    UNICODE_STRING Name = RTL_CONSTANT_STRING(L\"\\\\Device\\\\%s\");" % P,
            "    P%s_EXTENSION Ext;" % U,
            "    LARGE_INTEGER Due;",
            "    NTSTATUS Status;",
            "",
            "    UNREFERENCED_PARAMETER(RegistryPath);",
            "    Status = IoCreateDevice(DriverObject, sizeof(%s_EXTENSION), &Name, FILE_DEVICE_UNKNOWN," % U,
            "                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_%sDevice);" % P,
            "    if (!NT_SUCCESS(Status)) {",
            "        return Status;",
            "    }",
            "    Ext = (P%s_EXTENSION)g_%sDevice->DeviceExtension;" % (U, P),
            "    RtlZeroMemory(Ext, sizeof(*Ext));",
            "    Ext->Self = g_%sDevice;" % P,
            "    KeInitializeSpinLock(&Ext->Lock);",
            "    InitializeListHead(&Ext->Queue);",
            "    Ext->WorkItem = IoAllocateWorkItem(g_%sDevice);" % P,
            "    if (Ext->WorkItem == NULL) {",
            "        IoDeleteDevice(g_%sDevice);" % P,
            "        g_%sDevice = NULL;" % P,
            "        return STATUS_INSUFFICIENT_RESOURCES;",
            "    }",
            "    KeInitializeDpc(&Ext->Dpc, %sDpcRoutine, Ext);" % P,
            "    KeInitializeTimer(&Ext->Timer);",
            "    Status = IoCreateSymbolicLink(&g_%sLink, &Name);" % P,
            "    if (!NT_SUCCESS(Status)) {",
            "        IoFreeWorkItem(Ext->WorkItem);",
            "        IoDeleteDevice(g_%sDevice);" % P,
            "        g_%sDevice = NULL;" % P,
            "        return Status;",
            "    }",
            "    Due.QuadPart = -%dLL * 10000LL;" % r.choice([100, 250, 1000]),
            "    KeSetTimerEx(&Ext->Timer, Due, %d, &Ext->Dpc);" % r.choice([100, 250, 1000]),
            "    DriverObject->MajorFunction[IRP_MJ_CREATE] = %sCreateClose;" % P,
            "    DriverObject->MajorFunction[IRP_MJ_CLOSE] = %sCreateClose;" % P,
            "    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = %sDeviceControl;" % P,
            "    DriverObject->DriverUnload = %sUnload;" % P,
            "    return STATUS_SUCCESS;",
            "}"]))
        globals_ = ["static PDEVICE_OBJECT g_%sDevice;" % P,
                    "static UNICODE_STRING g_%sLink = RTL_CONSTANT_STRING(L\"\\\\DosDevices\\\\%s\");" % (P, P)]
        return macros, globals_

    # ------------------------------------------------------------- minifilter
    def gen_minifilter(self):
        P, U, r = self.P, self.U, self.rng
        unsafe = self.want_bug("postop-buffer-unsafe")
        nomdlcheck = not unsafe and self.want_bug("mdl-address-null-check")
        attach = self.gen_attach(0, for_flt=True) if r.random() < 0.5 or self.bug == "attach-balance" else None
        scratch = self.gen_zw_alloc(0, for_flt=True) if r.random() < 0.4 or self.bug == "page-protection-invalid" else None
        cb = "PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects"
        pre = "FLT_PREOP_CALLBACK_STATUS %%s(%s, PVOID *CompletionContext)" % cb
        post = "FLT_POSTOP_CALLBACK_STATUS %%s(%s, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)" % cb
        self.protos = (["DRIVER_INITIALIZE DriverEntry;",
                        "NTSTATUS %sFilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);" % P,
                        (pre % ("%sPreCreate" % P)) + ";",
                        (pre % ("%sPreWrite" % P)) + ";",
                        (pre % ("%sPreSetInformation" % P)) + ";",
                        (post % ("%sPostRead" % P)) + ";",
                        (post % ("%sPostReadWhenSafe" % P)) + ";"] + self.protos)
        ext = [".txt", ".log", ".dat", ".cfg", ".bin", ".tmp"]
        suffix = r.choice(ext)
        # Pre-create: query and parse the name, compare the extension, release it.
        self.funcs.append("\n".join([
            "/* Counts creates of *%s files; never blocks. */" % suffix,
            "FLT_PREOP_CALLBACK_STATUS",
            "%sPreCreate(%s, PVOID *CompletionContext)" % (P, cb),
            "{",
            "    PFLT_FILE_NAME_INFORMATION NameInfo = NULL;",
            "    UNICODE_STRING Wanted = RTL_CONSTANT_STRING(L\"%s\");" % suffix[1:],
            "    NTSTATUS Status;",
            "",
            "    UNREFERENCED_PARAMETER(FltObjects);",
            "    *CompletionContext = NULL;",
            "    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE)) {",
            "        return FLT_PREOP_SUCCESS_NO_CALLBACK;",
            "    }",
            "    Status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &NameInfo);",
            "    if (!NT_SUCCESS(Status)) {",
            "        return FLT_PREOP_SUCCESS_NO_CALLBACK;",
            "    }",
            "    Status = FltParseFileNameInformation(NameInfo);",
            "    if (NT_SUCCESS(Status) && RtlEqualUnicodeString(&NameInfo->Extension, &Wanted, TRUE)) {",
            "        InterlockedIncrement(&g_%sStats.Matched);" % P,
            "    }",
            "    FltReleaseFileNameInformation(NameInfo);",
            "    return FLT_PREOP_SUCCESS_NO_CALLBACK;",
            "}"]))
        # Pre-write: in the pre-operation the caller's buffer may be read under __try.
        self.funcs.append("\n".join([
            "/* Samples the first bytes of user-buffer writes (pre-operation, caller's context). */",
            "FLT_PREOP_CALLBACK_STATUS",
            "%sPreWrite(%s, PVOID *CompletionContext)" % (P, cb),
            "{",
            "    PUCHAR Buffer = (PUCHAR)Data->Iopb->Parameters.Write.WriteBuffer;",
            "    ULONG Length = Data->Iopb->Parameters.Write.Length;",
            "    UCHAR Sample[%d];" % r.choice([8, 16, 32]),
            "    ULONG Sum;",
            "",
            "    UNREFERENCED_PARAMETER(FltObjects);",
            "    *CompletionContext = NULL;",
            "    if (Length == 0 || Data->Iopb->Parameters.Write.MdlAddress != NULL || FLT_IS_SYSTEM_BUFFER(Data)) {",
            "        return FLT_PREOP_SUCCESS_NO_CALLBACK;",
            "    }",
            "    RtlZeroMemory(Sample, sizeof(Sample));",
            "    __try {",
            "        ProbeForRead(Buffer, Length, sizeof(UCHAR));",
            "        RtlCopyMemory(Sample, Buffer, min(Length, sizeof(Sample)));",
            "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
            "        Data->IoStatus.Status = GetExceptionCode();",
            "        Data->IoStatus.Information = 0;",
            "        return FLT_PREOP_COMPLETE;",
            "    }",
            "    Sum = %sChecksum(Sample, sizeof(Sample));" % P,
            "    if (%s(Sum, Length) == 0x%Xu) {" % (self.last_step, r.getrandbits(32)),
            "        InterlockedIncrement(&g_%sStats.Matched);" % P,
            "    }",
            "    return FLT_PREOP_SUCCESS_NO_CALLBACK;",
            "}"]))
        # Pre-set-information: a switch over the information class.
        cls = ["FileDispositionInformation", "FileRenameInformation", "FileEndOfFileInformation",
               "FileBasicInformation", "FileAllocationInformation", "FileLinkInformation"]
        r.shuffle(cls)
        lines = ["/* Denies deletes and renames while the filter is in read-only mode. */",
                 "FLT_PREOP_CALLBACK_STATUS",
                 "%sPreSetInformation(%s, PVOID *CompletionContext)" % (P, cb),
                 "{",
                 "    UNREFERENCED_PARAMETER(FltObjects);",
                 "    *CompletionContext = NULL;",
                 "    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {"]
        for c in cls[:r.randint(2, 5)]:
            lines.append("    case %s:" % c)
        lines += ["        if (g_%sReadOnly) {" % P,
                  "            Data->IoStatus.Status = STATUS_ACCESS_DENIED;",
                  "            Data->IoStatus.Information = 0;",
                  "            return FLT_PREOP_COMPLETE;",
                  "        }",
                  "        break;",
                  "    default:",
                  "        break;",
                  "    }",
                  "    return FLT_PREOP_SUCCESS_NO_CALLBACK;",
                  "}"]
        self.funcs.append("\n".join(lines))
        # Post-read: MDL (mapped, NULL checked), system buffer, or deferred to a safe callback.
        lines = ["/* Post-read: inspects the data read, only through safe addresses. */",
                 "FLT_POSTOP_CALLBACK_STATUS",
                 "%sPostRead(%s, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)" % (P, cb),
                 "{",
                 "    FLT_POSTOP_CALLBACK_STATUS Result = FLT_POSTOP_FINISHED_PROCESSING;",
                 "    PUCHAR Mapped;",
                 "",
                 "    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||",
                 "        !NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Information == 0) {",
                 "        return FLT_POSTOP_FINISHED_PROCESSING;",
                 "    }"]
        if unsafe:
            lines += ["    Mapped = (PUCHAR)Data->Iopb->Parameters.Read.ReadBuffer;",
                      "    if (Mapped[0] == 0) { /* BUG(postop-buffer-unsafe) */",
                      "        InterlockedIncrement(&g_%sStats.Matched);" % P,
                      "    }"]
        lines += ["    if (Data->Iopb->Parameters.Read.MdlAddress != NULL) {",
                  "        Mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Read.MdlAddress,",
                  "                                                      NormalPagePriority | MdlMappingNoExecute);%s"
                  % (" /* BUG(mdl-address-null-check) */" if nomdlcheck else "")]
        if not nomdlcheck:
            lines += ["        if (Mapped == NULL) {",
                      "            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;",
                      "            Data->IoStatus.Information = 0;",
                      "            return FLT_POSTOP_FINISHED_PROCESSING;",
                      "        }"]
        lines += ["        if (%sChecksum(Mapped, min(Data->IoStatus.Information, 64)) == 0) {" % P,
                  "            InterlockedIncrement(&g_%sStats.Matched);" % P,
                  "        }",
                  "        return FLT_POSTOP_FINISHED_PROCESSING;",
                  "    }",
                  "    if (FLT_IS_SYSTEM_BUFFER(Data)) {",
                  "        Mapped = (PUCHAR)Data->Iopb->Parameters.Read.ReadBuffer;",
                  "        if (Mapped[0] == 0) {",
                  "            InterlockedIncrement(&g_%sStats.Matched);" % P,
                  "        }",
                  "        return FLT_POSTOP_FINISHED_PROCESSING;",
                  "    }",
                  "    if (!FltDoCompletionProcessingWhenSafe(Data, FltObjects, CompletionContext, Flags,",
                  "                                           %sPostReadWhenSafe, &Result)) {" % P,
                  "        Data->IoStatus.Status = STATUS_UNSUCCESSFUL;",
                  "        Data->IoStatus.Information = 0;",
                  "        return FLT_POSTOP_FINISHED_PROCESSING;",
                  "    }",
                  "    return Result;",
                  "}"]
        self.funcs.append("\n".join(lines))
        self.funcs.append("\n".join([
            "/* Safe post-read: lock the user buffer, then use its MDL. */",
            "FLT_POSTOP_CALLBACK_STATUS",
            "%sPostReadWhenSafe(%s, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)" % (P, cb),
            "{",
            "    PUCHAR Mapped;",
            "    NTSTATUS Status;",
            "",
            "    UNREFERENCED_PARAMETER(FltObjects);",
            "    UNREFERENCED_PARAMETER(CompletionContext);",
            "    UNREFERENCED_PARAMETER(Flags);",
            "    Status = FltLockUserBuffer(Data);",
            "    if (!NT_SUCCESS(Status)) {",
            "        Data->IoStatus.Status = Status;",
            "        Data->IoStatus.Information = 0;",
            "        return FLT_POSTOP_FINISHED_PROCESSING;",
            "    }",
            "    Mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Read.MdlAddress,",
            "                                                  NormalPagePriority | MdlMappingNoExecute);",
            "    if (Mapped == NULL) {",
            "        Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;",
            "        Data->IoStatus.Information = 0;",
            "        return FLT_POSTOP_FINISHED_PROCESSING;",
            "    }",
            "    if (Mapped[0] == 0) {",
            "        InterlockedIncrement(&g_%sStats.Matched);" % P,
            "    }",
            "    return FLT_POSTOP_FINISHED_PROCESSING;",
            "}"]))
        self.funcs.append("\n".join([
            "NTSTATUS",
            "%sFilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags)" % P,
            "{",
            "    UNREFERENCED_PARAMETER(Flags);",
            "    FltUnregisterFilter(g_%sFilter);" % P,
            "    return STATUS_SUCCESS;",
            "}"]))
        entry = ["NTSTATUS",
                 "DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)",
                 "{",
                 "    NTSTATUS Status;"]
        if attach:
            entry += ["    PVOID Captured = NULL;"]
        if scratch:
            entry += ["    PVOID Scratch = NULL;", "    SIZE_T ScratchSize = 0;"]
        entry += ["", "    UNREFERENCED_PARAMETER(RegistryPath);"]
        if attach:
            entry += ["    if (NT_SUCCESS(%s(PsGetCurrentProcessId(), (PVOID)RegistryPath->Buffer," % attach,
                      "                   RegistryPath->Length, &Captured))) {",
                      "        ExFreePoolWithTag(Captured, %s_TAG);" % U,
                      "    }"]
        if scratch:
            entry += ["    Status = %s(&Scratch, &ScratchSize);" % scratch,
                      "    if (!NT_SUCCESS(Status)) {",
                      "        return Status;",
                      "    }",
                      "    ScratchSize = 0;",
                      "    ZwFreeVirtualMemory(ZwCurrentProcess(), &Scratch, &ScratchSize, MEM_RELEASE);"]
        entry += ["    Status = FltRegisterFilter(DriverObject, &g_%sRegistration, &g_%sFilter);" % (P, P),
                  "    if (!NT_SUCCESS(Status)) {",
                  "        return Status;",
                  "    }",
                  "    Status = FltStartFiltering(g_%sFilter);" % P,
                  "    if (!NT_SUCCESS(Status)) {",
                  "        FltUnregisterFilter(g_%sFilter);" % P,
                  "    }",
                  "    return Status;",
                  "}"]
        self.funcs.append("\n".join(entry))
        globals_ = ["static PFLT_FILTER g_%sFilter;" % P,
                    "static BOOLEAN g_%sReadOnly;" % P,
                    "static struct { volatile LONG Matched; } g_%sStats;" % P]
        # The callback table and registration come after the prototypes.
        tables = ["static const FLT_OPERATION_REGISTRATION g_%sCallbacks[] = {" % P,
                  "    { IRP_MJ_CREATE, 0, %sPreCreate, NULL }," % P,
                  "    { IRP_MJ_READ, 0, NULL, %sPostRead }," % P,
                  "    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, %sPreWrite, NULL }," % P,
                  "    { IRP_MJ_SET_INFORMATION, 0, %sPreSetInformation, NULL }," % P,
                  "    { IRP_MJ_OPERATION_END }",
                  "};",
                  "",
                  "static const FLT_REGISTRATION g_%sRegistration = {" % P,
                  "    sizeof(FLT_REGISTRATION),",
                  "    FLT_REGISTRATION_VERSION,",
                  "    0,",
                  "    NULL,",
                  "    g_%sCallbacks," % P,
                  "    %sFilterUnload," % P,
                  "};"]
        return globals_, tables

    # ------------------------------------------------------------- whole file
    def generate(self):
        r = self.rng
        head = self.prologue()
        self.gen_checksum()
        self.gen_validate()
        self.gen_steps()
        if self.flt:
            globals_, tables = self.gen_minifilter()
            macros = []
        else:
            self.gen_queue()
            # A few IOCTL handlers of each kind, in a random order.
            makers = [self.gen_neither_try, self.gen_neither_secure, self.gen_direct_mdl,
                      self.gen_buffered]
            if self.ntifs:
                makers += [self.gen_attach, self.gen_zw_alloc]
            chosen = list(makers)
            chosen += [r.choice(makers) for _ in range(r.randint(0, 2))]
            r.shuffle(chosen)
            # Make sure the drawn bug has a function to live in.
            for i, mk in enumerate(chosen):
                mk(i)
            self.gen_dpc_and_work()
            macros, globals_ = self.gen_wdm_skeleton()
            tables = []
        out = head + macros + [""] + globals_ + [""] + self.protos + [""] + tables
        if tables:
            out.append("")
        for f in self.funcs:
            out.append(f)
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- big function

def gen_big_function(seed, target_lines=20000):
    """One function of about target_lines lines: straight-line blocks of the driver
    patterns (secure/unsecure with NULL checks, spin locks, attach/detach, MDL mapping,
    ZwAllocateVirtualMemory, __try/__except probes, loops, switches, early returns, flags
    tested twice). Every block is balanced, so the function is clean."""
    r = random.Random("%d/big" % seed)
    out = ["/* big_function.c - generated by bench/gen_corpus.py: one function of about %d lines. */" % target_lines,
           "#include <ntifs.h>",
           "",
           "typedef struct _BIG_CONTEXT {",
           "    KSPIN_LOCK Lock;",
           "    ULONG Stats[64];",
           "    PMDL Mdl;",
           "    PEPROCESS Process;",
           "} BIG_CONTEXT, *PBIG_CONTEXT;",
           "",
           "NTSTATUS BigFunction(PBIG_CONTEXT Ctx, PVOID Buffer, SIZE_T Length, ULONG Code, PVOID Remote, PULONG UserOut);",
           "",
           "NTSTATUS",
           "BigFunction(PBIG_CONTEXT Ctx, PVOID Buffer, SIZE_T Length, ULONG Code, PVOID Remote, PULONG UserOut)",
           "{",
           "    HANDLE Secure = NULL;",
           "    HANDLE Secure2 = NULL;",
           "    KIRQL OldIrql;",
           "    KAPC_STATE ApcState;",
           "    PUCHAR Mapped;",
           "    PVOID Base;",
           "    SIZE_T Size;",
           "    ULONG Acc = Code;",
           "    ULONG Sum = 0;",
           "    ULONG i;",
           "    BOOLEAN Flag;",
           "    NTSTATUS Status = STATUS_SUCCESS;",
           ""]
    n = 0

    def secure():
        return ["if (Length > 0x%Xu) {" % r.randint(1, 0xFFFF),
                "    Secure = MmSecureVirtualMemory(Buffer, Length, %s);" % r.choice(["PAGE_READONLY", "PAGE_READWRITE"]),
                "    if (Secure == NULL) {",
                "        Status = STATUS_ACCESS_VIOLATION;",
                "    } else {",
                "        __try {",
                "            Sum += ((volatile UCHAR *)Buffer)[%d];" % r.randint(0, 255),
                "        } __except (EXCEPTION_EXECUTE_HANDLER) {",
                "            Status = GetExceptionCode();",
                "        }",
                "        MmUnsecureVirtualMemory(Secure);",
                "        Secure = NULL;",
                "    }",
                "}"]

    def loop():
        return ["for (i = 0; i < %du; i++) {" % r.randint(2, 64),
                "    Acc = Acc * %du + Ctx->Stats[(i + %d) & 63];" % (r.choice([31, 33, 131]), r.randint(0, 63)),
                "    if ((Acc & 0x%Xu) == 0) {" % (1 << r.randint(0, 15)),
                "        Acc ^= 0x%Xu;" % r.getrandbits(24),
                "        continue;",
                "    }",
                "    if (Acc == 0x%Xu) {" % r.getrandbits(32),
                "        break;",
                "    }",
                "}"]

    def spin():
        k = r.randint(0, 63)
        return ["KeAcquireSpinLock(&Ctx->Lock, &OldIrql);",
                "Ctx->Stats[%d] += Acc & 0xFFu;" % k,
                "if (Ctx->Stats[%d] > 0x%Xu) {" % (k, r.randint(100, 100000)),
                "    Ctx->Stats[%d] = 0;" % k,
                "    Sum++;",
                "}",
                "KeReleaseSpinLock(&Ctx->Lock, OldIrql);"]

    def switch():
        lines = ["switch ((Code + %du) & 7u) {" % r.randint(0, 99)]
        for c in range(r.randint(3, 7)):
            lines.append("case %d:" % c)
            if r.random() < 0.3:
                lines.append("    /* fall through */")
            else:
                lines += ["    Acc += 0x%Xu;" % r.getrandbits(16), "    break;"]
        lines += ["default:", "    Acc = ~Acc;", "    break;", "}"]
        return lines

    def mdl():
        return ["if (Ctx->Mdl != NULL) {",
                "    Mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Ctx->Mdl, NormalPagePriority | MdlMappingNoExecute);",
                "    if (Mapped != NULL) {",
                "        Sum += Mapped[%d];" % r.randint(0, 4095),
                "    } else {",
                "        Status = STATUS_INSUFFICIENT_RESOURCES;",
                "    }",
                "}"]

    def zw():
        return ["Base = NULL;",
                "Size = %du * PAGE_SIZE;" % r.randint(1, 16),
                "Status = ZwAllocateVirtualMemory(ZwCurrentProcess(), &Base, 0, &Size, MEM_COMMIT | MEM_RESERVE, %s);"
                % r.choice(GOOD_PROTECTIONS),
                "if (NT_SUCCESS(Status)) {",
                "    Sum += (ULONG)Size;",
                "    Size = 0;",
                "    ZwFreeVirtualMemory(ZwCurrentProcess(), &Base, &Size, MEM_RELEASE);",
                "}"]

    def attach():
        return ["if (Ctx->Process != NULL && Remote != NULL) {",
                "    KeStackAttachProcess(Ctx->Process, &ApcState);",
                "    __try {",
                "        ProbeForRead(Remote, sizeof(ULONG), sizeof(ULONG));",
                "        Sum += *(volatile ULONG *)Remote;",
                "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
                "        Status = GetExceptionCode();",
                "    }",
                "    KeUnstackDetachProcess(&ApcState);",
                "}"]

    def early():
        return ["if (Code == 0x%Xu && Length < %du) {" % (r.getrandbits(32), r.randint(1, 4096)),
                "    return %s;" % r.choice(STATUSES),
                "}"]

    def probe():
        return ["__try {",
                "    ProbeForWrite(UserOut, sizeof(ULONG), sizeof(ULONG));",
                "    *UserOut = Sum ^ 0x%Xu;" % r.getrandbits(16),
                "} __except (EXCEPTION_EXECUTE_HANDLER) {",
                "    Status = GetExceptionCode();",
                "}"]

    def flag_twice():
        return ["Flag = (Code & 0x%Xu) != 0;" % (1 << r.randint(0, 31)),
                "Secure2 = NULL;",
                "if (Flag) {",
                "    Secure2 = MmSecureVirtualMemory(Buffer, Length, PAGE_READONLY);",
                "}",
                "Acc += %du;" % r.randint(1, 1000),
                "if (Flag && Secure2 != NULL) {",
                "    MmUnsecureVirtualMemory(Secure2);",
                "}"]

    def arith():
        return ["Acc = (Acc << %d) | (Acc >> %d);" % (s, 32 - s) for s in [r.randint(1, 31)]] + \
               ["Sum += Acc %s 0x%Xu;" % (r.choice(["^", "+", "&", "|"]), r.getrandbits(20))]

    makers = [secure, loop, spin, switch, mdl, zw, attach, early, probe, flag_twice, arith, arith]
    body = []
    while len(out) + len(body) < target_lines - 4:
        n += 1
        body.append("    /* block %d */" % n)
        body += block(r.choice(makers)(), 4)
    out += body
    out += ["    return NT_SUCCESS(Status) && Sum != Acc ? STATUS_SUCCESS : Status;", "}"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- 300 branches

def gen_branches(n=300):
    """One function: secure the caller's buffer once, then n sequential early returns,
    each releasing the handle (clean)."""
    out = ["/* branches_%d.c - generated by bench/gen_corpus.py: %d sequential early returns,",
           " * each releasing the secured handle. */",
           "#include <ntddk.h>",
           "",
           "NTSTATUS Branches(PVOID Buffer, SIZE_T Length, ULONG Code, PULONG UserOut);",
           "",
           "NTSTATUS",
           "Branches(PVOID Buffer, SIZE_T Length, ULONG Code, PULONG UserOut)",
           "{",
           "    HANDLE Secure;",
           "    ULONG Seen = 0;",
           "",
           "    __try {",
           "        ProbeForWrite(Buffer, Length, sizeof(UCHAR));",
           "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
           "        return GetExceptionCode();",
           "    }",
           "    Secure = MmSecureVirtualMemory(Buffer, Length, PAGE_READWRITE);",
           "    if (Secure == NULL) {",
           "        return STATUS_ACCESS_VIOLATION;",
           "    }"]
    out[0] = out[0] % (n, n)
    for i in range(n):
        kind = i % 4
        if kind == 0:
            cond = "Code == 0x%X" % (0x1000 + i)
        elif kind == 1:
            cond = "Length == %du" % (16 * (i + 1))
        elif kind == 2:
            cond = "(Code & 0x%X) == 0x%X && Length > %du" % (0xFFFF0000, (i << 16) & 0xFFFF0000, i)
        else:
            cond = "Code - %du < 2u" % (0x80000 + i)
        out += ["    if (%s) {" % cond,
                "        Seen += %du;" % (i + 1),
                "        MmUnsecureVirtualMemory(Secure);",
                "        return %s;" % STATUSES[i % len(STATUSES)],
                "    }"]
    out += ["    __try {",
            "        ProbeForWrite(UserOut, sizeof(ULONG), sizeof(ULONG));",
            "        *UserOut = Seen;",
            "    } __except (EXCEPTION_EXECUTE_HANDLER) {",
            "        MmUnsecureVirtualMemory(Secure);",
            "        return GetExceptionCode();",
            "    }",
            "    MmUnsecureVirtualMemory(Secure);",
            "    return STATUS_SUCCESS;",
            "}"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main

def write(path, text):
    with open(path, "w") as fp:
        fp.write(text)


def check(drvcheck, paths):
    """Runs drvcheck on every file (one process per file, so an error is attributed);
    returns the list of files that report a [compiler-error]."""
    bad = []
    with tempfile.TemporaryDirectory() as cache:   # keep the user's own cache untouched
        for p in paths:
            res = subprocess.run([drvcheck, "--no-source", "--cache-dir", cache, p],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 universal_newlines=True)
            if "[compiler-error]" in res.stdout or res.returncode not in (0, 1):
                bad.append(p)
                sys.stderr.write(res.stdout[:3000])
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=60, help="ordinary files at scale 1 (default 60)")
    ap.add_argument("--scale", type=int, default=1, help="generate FILES*K ordinary files")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--big-lines", type=int, default=20000, help="lines of big_function.c")
    ap.add_argument("--check", metavar="DRVCHECK",
                    help="run DRVCHECK on every file; fail on any [compiler-error]")
    a = ap.parse_args()
    if a.files < 1 or a.scale < 1:
        ap.error("--files and --scale must be >= 1")

    drivers = os.path.join(a.outdir, "drivers")
    os.makedirs(drivers, exist_ok=True)
    for name in os.listdir(drivers):          # stale files of a larger earlier corpus
        if name.endswith(".c"):
            os.remove(os.path.join(drivers, name))

    manifest = {"seed": a.seed, "files": a.files, "scale": a.scale, "drivers": [], "special": []}
    paths = []
    total_lines = 0
    for i in range(a.files * a.scale):
        g = FileGen(i, a.seed)
        text = g.generate()
        path = os.path.join(drivers, "drv_%04d.c" % i)
        write(path, text)
        paths.append(path)
        lines = text.count("\n")
        total_lines += lines
        manifest["drivers"].append({"file": os.path.relpath(path, a.outdir), "headers": g.kind,
                                    "lines": lines, "bug": g.bug_emitted})
    for name, text in (("big_function.c", gen_big_function(a.seed, a.big_lines)),
                       ("branches_300.c", gen_branches(300))):
        path = os.path.join(a.outdir, name)
        write(path, text)
        paths.append(path)
        manifest["special"].append({"file": name, "lines": text.count("\n")})
    write(os.path.join(a.outdir, "manifest.json"), json.dumps(manifest, indent=1) + "\n")

    kinds = {}
    for d in manifest["drivers"]:
        kinds[d["headers"]] = kinds.get(d["headers"], 0) + 1
    bugs = sum(1 for d in manifest["drivers"] if d["bug"])
    print("gen_corpus: %d driver files (%d lines, %s; %d with one bug) + big_function.c (%d lines)"
          " + branches_300.c in %s" % (
              len(manifest["drivers"]), total_lines,
              ", ".join("%s %d" % kv for kv in sorted(kinds.items())), bugs,
              manifest["special"][0]["lines"], a.outdir))

    if a.check:
        bad = check(a.check, paths)
        if bad:
            print("gen_corpus: %d file(s) do not parse cleanly: %s" % (len(bad), " ".join(bad)))
            return 1
        print("gen_corpus: every file parses without compiler errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
