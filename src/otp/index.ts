/** OTP behaviours built on the process runtime. Each behaviour has its own file. */
export {};
