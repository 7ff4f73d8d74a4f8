import react from "@salesos/eslint-config/react";

export default [...react, { ignores: ["next-env.d.ts", ".next/**"] }];
