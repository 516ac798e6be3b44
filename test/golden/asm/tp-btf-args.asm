tp_btf:sched_switch:
; 1: tp_btf:sched_switch /args.prev_state == 0/ {
   0: (bf) r6 = r1
   1: (61) r7 = *(u32 *)(r6 +24)
   2: (15) if r7 == 0x0 goto pc+2
   3: (b7) r7 = 0
   4: (05) goto pc+1
   5: (b7) r7 = 1
   6: (15) if r7 == 0x0 goto pc+23
; 2: printf("%s %d\n", args.next->comm, args.preempt);
   7: (7a) *(u64 *)(r10 -32) = 0
   8: (79) r7 = *(u64 *)(r6 +16)
   9: (07) r7 += 1752
  10: (7a) *(u64 *)(r10 -24) = 0
  11: (7a) *(u64 *)(r10 -16) = 0
  12: (bf) r1 = r10
  13: (07) r1 += -24
  14: (b7) r2 = 16
  15: (bf) r3 = r7
  16: (85) call bpf_probe_read_kernel#113
  17: (71) r7 = *(u8 *)(r6 +0)
  18: (7b) *(u64 *)(r10 -8) = r7
  19: (18) r1 = map[ringbuf]
  21: (bf) r2 = r10
  22: (07) r2 += -32
  23: (b7) r3 = 32
  24: (b7) r4 = 0
  25: (85) call bpf_ringbuf_output#130
  26: (18) r1 = map[lost_events][0]+0
  28: (77) r0 >>= 63
  29: (db) lock *(u64 *)(r1 +0) += r0
; 1: tp_btf:sched_switch /args.prev_state == 0/ {
  30: (b7) r0 = 0
  31: (95) exit
