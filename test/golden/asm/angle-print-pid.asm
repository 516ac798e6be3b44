tracepoint:syscalls:sys_enter_write:
; 1: tracepoint:syscalls:sys_enter_write < print(pid) >
   0: (bf) r6 = r1
   1: (7a) *(u64 *)(r10 -16) = 0
   2: (85) call bpf_get_current_pid_tgid#14
   3: (bf) r7 = r0
   4: (77) r7 >>= 32
   5: (7b) *(u64 *)(r10 -8) = r7
   6: (18) r1 = map[ringbuf]
   8: (bf) r2 = r10
   9: (07) r2 += -16
  10: (b7) r3 = 16
  11: (b7) r4 = 0
  12: (85) call bpf_ringbuf_output#130
  13: (18) r1 = map[lost_events][0]+0
  15: (77) r0 >>= 63
  16: (db) lock *(u64 *)(r1 +0) += r0
  17: (b7) r0 = 0
  18: (95) exit
