/*
 * libflotilla_mkl_isa.so: lets libtorch's bundled MKL choose its code path by the CPU's
 * instruction sets alone.
 *
 * MKL (2020.1 and later, 2024.2 in libtorch 2.7.1) asks mkl_serv_intel_cpu_true() before it
 * dispatches; on a CPU whose vendor is not Intel it answers 0 and MKL runs its generic branch
 * whatever the CPU supports (on an AMD EPYC with AVX-512: mkl_blas_def_sgemm_kernel_0_zen,
 * ~75 GFLOP/s on one thread, against ~170 on the AVX-512 branch). libtorch_cpu.so exports the
 * function and calls it through its PLT, so a definition loaded RTLD_GLOBAL before MKL's first
 * call takes its place. MklIsaDispatch (Java) loads this library only on non-Intel x86-64 CPUs.
 *
 * Built without libc (nothing to link, runs on any glibc): scripts/build-native.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
