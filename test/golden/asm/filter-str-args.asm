tracepoint:syscalls:sys_enter_openat:
; 1: tracepoint:syscalls:sys_enter_openat /pid == 1234/ {
   0: (bf) r6 = r1
   1: (85) call bpf_get_current_pid_tgid#14
   2: (bf) r7 = r0
   3: (77) r7 >>= 32
   4: (15) if r7 == 0x4d2 goto pc+2
   5: (b7) r7 = 0
   6: (05) goto pc+1
   7: (b7) r7 = 1
   8: (15) if r7 == 0x0 goto pc+26
; 2: printf("%s\n", str(args->filename));
   9: (7a) *(u64 *)(r10 -72) = 0
  10: (79) r7 = *(u64 *)(r6 +24)
  11: (7a) *(u64 *)(r10 -64) = 0
  12: (7a) *(u64 *)(r10 -56) = 0
  13: (7a) *(u64 *)(r10 -48) = 0
  14: (7a) *(u64 *)(r10 -40) = 0
  15: (7a) *(u64 *)(r10 -32) = 0
  16: (7a) *(u64 *)(r10 -24) = 0
  17: (7a) *(u64 *)(r10 -16) = 0
  18: (7a) *(u64 *)(r10 -8) = 0
  19: (bf) r1 = r10
  20: (07) r1 += -64
  21: (b7) r2 = 64
  22: (bf) r3 = r7
  23: (85) call bpf_probe_read_user_str#114
  24: (18) r1 = map[ringbuf]
  26: (bf) r2 = r10
  27: (07) r2 += -72
  28: (b7) r3 = 72
  29: (b7) r4 = 0
  30: (85) call bpf_ringbuf_output#130
  31: (18) r1 = map[lost_events][0]+0
  33: (77) r0 >>= 63
  34: (db) lock *(u64 *)(r1 +0) += r0
; 1: tracepoint:syscalls:sys_enter_openat /pid == 1234/ {
  35: (b7) r0 = 0
  36: (95) exit
