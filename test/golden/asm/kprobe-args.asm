kprobe:vfs_read:
; 1: kprobe:vfs_read /arg2 > 4096/ {
   0: (bf) r6 = r1
   1: (79) r7 = *(u64 *)(r6 +96)
   2: (25) if r7 > 0x1000 goto pc+2
   3: (b7) r7 = 0
   4: (05) goto pc+1
   5: (b7) r7 = 1
   6: (15) if r7 == 0x0 goto pc+30
; 2: @big[func, arg0] = sum(arg2);
   7: (79) r0 = *(u64 *)(r6 +128)
   8: (7b) *(u64 *)(r10 -16) = r0
   9: (79) r7 = *(u64 *)(r6 +112)
  10: (7b) *(u64 *)(r10 -8) = r7
  11: (79) r7 = *(u64 *)(r6 +96)
  12: (18) r1 = map[@big]
  14: (bf) r2 = r10
  15: (07) r2 += -16
  16: (85) call bpf_map_lookup_elem#1
  17: (15) if r0 == 0x0 goto pc+5
  18: (bf) r1 = r0
  19: (79) r0 = *(u64 *)(r1 +0)
  20: (0f) r0 += r7
  21: (7b) *(u64 *)(r1 +0) = r0
  22: (05) goto pc+14
  23: (7b) *(u64 *)(r10 -24) = r7
  24: (18) r1 = map[@big]
  26: (bf) r2 = r10
  27: (07) r2 += -16
  28: (bf) r3 = r10
  29: (07) r3 += -24
  30: (b7) r4 = 0
  31: (85) call bpf_map_update_elem#2
  32: (55) if r0 != 0xfffffff9 goto pc+4
  33: (18) r1 = map[map_full][0]+0
  35: (b7) r2 = 1
  36: (db) lock *(u64 *)(r1 +0) += r2
; 1: kprobe:vfs_read /arg2 > 4096/ {
  37: (b7) r0 = 0
  38: (95) exit
