import base from "@salesos/eslint-config/base";

export default base;
