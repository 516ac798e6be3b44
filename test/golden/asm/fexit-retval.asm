fexit:vmlinux:vfs_readlink:
; 1: fexit:vfs_readlink /retval < 0/ {
   0: (bf) r6 = r1
   1: (61) r7 = *(u32 *)(r6 +24)
   2: (67) r7 <<= 32
   3: (c7) r7 s>>= 32
   4: (c5) if r7 s< 0x0 goto pc+2
   5: (b7) r7 = 0
   6: (05) goto pc+1
   7: (b7) r7 = 1
   8: (15) if r7 == 0x0 goto pc+29
; 2: @errors[args.buflen] = count();
   9: (61) r7 = *(u32 *)(r6 +16)
  10: (67) r7 <<= 32
  11: (c7) r7 s>>= 32
  12: (7b) *(u64 *)(r10 -8) = r7
  13: (18) r1 = map[@errors]
  15: (bf) r2 = r10
  16: (07) r2 += -8
  17: (85) call bpf_map_lookup_elem#1
  18: (15) if r0 == 0x0 goto pc+5
  19: (bf) r1 = r0
  20: (79) r0 = *(u64 *)(r1 +0)
  21: (07) r0 += 1
  22: (7b) *(u64 *)(r1 +0) = r0
  23: (05) goto pc+14
  24: (7a) *(u64 *)(r10 -16) = 1
  25: (18) r1 = map[@errors]
  27: (bf) r2 = r10
  28: (07) r2 += -8
  29: (bf) r3 = r10
  30: (07) r3 += -16
  31: (b7) r4 = 0
  32: (85) call bpf_map_update_elem#2
  33: (55) if r0 != 0xfffffff9 goto pc+4
  34: (18) r1 = map[map_full][0]+0
  36: (b7) r2 = 1
  37: (db) lock *(u64 *)(r1 +0) += r2
; 1: fexit:vfs_readlink /retval < 0/ {
  38: (b7) r0 = 0
  39: (95) exit
