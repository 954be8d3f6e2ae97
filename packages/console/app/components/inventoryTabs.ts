/** The host page's inventory tabs and the agent tables each shows (named as the agent's collectors name them). */
export const INVENTORY_TABS: Record<string, string[]> = {
  accounts: ['users', 'groups', 'sudoers', 'authorized_keys', 'last'],
  ports: ['listening_ports', 'interface_addresses'],
  processes: ['processes'],
  middleware: ['middleware'],
  scheduled: ['crontab'],
  startup: ['systemd_units', 'startup_items'],
  packages: ['deb_packages', 'rpm_packages', 'apk_packages'],
  kernel: ['kernel_modules'],
  containers: ['docker_containers', 'docker_images', 'containerd_containers', 'containerd_images'],
};

export const INVENTORY_TABLES = Object.values(INVENTORY_TABS).flat();
