// Where the `labops kernel` commands look: the user's Jupyter folder, or a --prefix such as a virtualenv.

export const userOption = { name: "user", type: "boolean", description: "For the current user (the default): JUPYTER_DATA_DIR or the user's Jupyter folder." } as const;
export const prefixOption = { name: "prefix", type: "string", value: "DIR", description: "Under DIR/share/jupyter, e.g. a virtualenv." } as const;
export const kernelNameOption = { name: "name", type: "string", value: "NAME", description: "Kernelspec name (default: labops)." } as const;
