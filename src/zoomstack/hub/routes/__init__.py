"""HTTP routes, one module per resource: validate, call a service, shape the answer."""
